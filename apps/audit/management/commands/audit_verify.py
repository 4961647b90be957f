"""``manage.py audit_verify``: walk the hash chain, check every entry's authentication code and the newest signed
checkpoint, name the first broken entry, exit non-zero if any."""

from django.core.management.base import BaseCommand, CommandError

from apps.audit.checkpoints import verify_log


def _head(value):
    seq, sep, digest = value.partition(":")
    if not sep or not seq.isdigit() or len(digest) != 64:
        raise CommandError("--expect-head takes SEQ:HASH (the sequence number and the 64-character hash)")
    return int(seq), digest.lower()


class Command(BaseCommand):
    help = (
        "Verify the audit log (hash chain, authentication codes, newest signed checkpoint); exit 1 and name the "
        "first broken entry if it was tampered with."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="entries read per query")
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            help="a head written down earlier (e.g. from a checkpoint e-mail): fail if that entry is gone or differs",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--from-checkpoint",
            action="store_true",
            help="walk only the entries after the newest checkpoint (after checking its entry is unchanged)",
        )
        mode.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="do not read the checkpoints (the chain and the authentication codes only)",
        )

    def handle(
        self, *args, batch_size, expect_head=None, from_checkpoint=False, no_checkpoint=False, **options
    ):
        expected = _head(expect_head) if expect_head else None
        result = verify_log(
            batch_size=batch_size,
            expected_head=expected,
            from_checkpoint=from_checkpoint,
            use_checkpoint=not no_checkpoint,
        )
        if result.started_after:
            self.stdout.write(f"from checkpoint: #{result.started_after}")
        self.stdout.write(f"entries checked: {result.entries_checked}")
        self.stdout.write(f"head: #{result.head_seq or 0} {result.head_hash}")
        if result.checkpoint_seq is not None:
            self.stdout.write(f"checkpoint: #{result.checkpoint_seq}")
        elif not no_checkpoint and result.problem != "checkpoint_invalid":
            self.stdout.write("checkpoint: none yet (run manage.py audit_checkpoint)")
        self.stdout.write(f"elapsed: {result.elapsed:.3f} s")
        if not result.ok:
            raise CommandError(
                f"audit log broken at entry #{result.broken_seq or '-'}: {result.problem}: {result.problem_text} "
                f"({result.detail})",
                returncode=1,
            )
        if result.legacy_entries:
            vouched = result.legacy_entries - result.unauthenticated_entries
            self.stdout.write(
                f"legacy entries (written before the key, no authentication code): {result.legacy_entries}, "
                f"of which vouched for through the chain by a later authenticated entry or a checkpoint: {vouched}"
            )
        if result.unauthenticated_entries:
            self.stdout.write(
                self.style.WARNING(
                    f"unauthenticated legacy entries: {result.unauthenticated_entries} — nothing signed vouches "
                    "for them yet; run manage.py audit_checkpoint"
                )
            )
        self.stdout.write(self.style.SUCCESS("audit chain intact"))
