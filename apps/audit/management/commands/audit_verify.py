"""``manage.py audit_verify``: walk the hash chain, name the first broken entry, exit non-zero if any."""

from django.core.management.base import BaseCommand, CommandError

from apps.audit.verify import verify_chain


def _head(value):
    seq, sep, digest = value.partition(":")
    if not sep or not seq.isdigit() or len(digest) != 64:
        raise CommandError("--expect-head takes SEQ:HASH (the sequence number and the 64-character hash)")
    return int(seq), digest.lower()


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain; exit 1 and name the first broken entry if it was tampered with."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="entries read per query")
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            help="a head written down earlier: fail if that entry is gone or differs",
        )

    def handle(self, *args, batch_size, expect_head=None, **options):
        expected = _head(expect_head) if expect_head else None
        result = verify_chain(batch_size=batch_size, expected_head=expected)
        self.stdout.write(f"entries checked: {result.entries_checked}")
        self.stdout.write(f"head: #{result.head_seq or 0} {result.head_hash}")
        self.stdout.write(f"elapsed: {result.elapsed:.3f} s")
        if not result.ok:
            raise CommandError(
                f"audit chain broken at entry #{result.broken_seq}: {result.problem}: {result.problem_text} "
                f"({result.detail})",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS("audit chain intact"))
