"""``manage.py audit_checkpoint``: verify the audit log since the last checkpoint, sign its head, write the
checkpoint to private storage and e-mail it to the inspection commission (what the daily beat job does)."""

from django.core.management.base import BaseCommand, CommandError

from apps.audit import checkpoints


class Command(BaseCommand):
    help = (
        "Sign the audit log's head and publish it (private storage file and e-mail to the inspection commission); "
        "exit 1 without signing if the log fails verification."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-email", action="store_true", help="write the checkpoint file only")

    def handle(self, *args, no_email=False, **options):
        try:
            if no_email:
                checkpoint, name, written = checkpoints.create_checkpoint()
                outcome = {"written": written, "file": name, "emailed": 0}
            else:
                outcome = checkpoints.publish()
                checkpoint = checkpoints.newest()[1] if outcome.get("checkpoint") else None
        except (checkpoints.ChainBroken, checkpoints.CheckpointInvalid) as exc:
            raise CommandError(f"no checkpoint signed: {exc}", returncode=1) from None
        if checkpoint is None:
            self.stdout.write("the audit log is empty: nothing to sign")
            return
        state = "written" if outcome["written"] else "unchanged since the newest checkpoint"
        self.stdout.write(f"checkpoint: #{checkpoint.seq} {checkpoint.hash} ({state})")
        self.stdout.write(f"file: {outcome['file']}")
        self.stdout.write(f"e-mailed to: {outcome['emailed']} member(s) of the inspection commission")
