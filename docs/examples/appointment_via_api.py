"""An appointment from proposal to signed decision through the REST API alone (docs/api.md).

Three people, each with their own personal API token (created on their profile page, /profile/tokens/):
- the unit leader proposes the appointment to a vacant position;
- the organisation board decides the policy, lists the candidates, records the five conferences, verifies the
  candidates and drafts the decision;
- the leadership signs it; the board downloads the signed PDF.

Every step is a task: the script finds it in the caller's task list, claims it, reads its payload schema and
completes it with the step's payload. Run it with:

    CADREFLOW_URL=http://127.0.0.1:8000 \\
    LEADER_TOKEN=cf_… BOARD_TOKEN=cf_… LEADERSHIP_TOKEN=cf_… \\
    python docs/examples/appointment_via_api.py --position 12 --candidates 101,102

The conference figures are those of a small collective of 7 members and an expanded conference of 20; the
candidates must be eligible (procedures §3). Prints the decision's number and where its PDF was saved.
"""

import argparse
import base64
import os
import sys
from datetime import date, timedelta

import httpx

PDF = b"%PDF-1.4\n% minutes of the conference\n"


def document(name):
    """A file in a JSON payload: its name and its content in base64."""
    return {"name": name, "content": base64.b64encode(PDF).decode()}


class Api:
    def __init__(self, base_url, token, who):
        self.who = who
        self.http = httpx.Client(
            base_url=f"{base_url.rstrip('/')}/api/v1/",
            headers={"Authorization": f"Token {token}", "Accept-Language": "en"},
            timeout=120,
        )

    def call(self, method, path, **kwargs):
        response = self.http.request(method, path, **kwargs)
        if response.status_code >= 400:
            raise SystemExit(f"{self.who}: {method} {path} → {response.status_code} {response.text}")
        return response

    def get(self, path, **params):
        return self.call("GET", path, params=params).json()

    def post(self, path, payload=None):
        return self.call("POST", path, json=payload).json()

    def task(self, process_id, step):
        """The open task `step` of the procedure, in the caller's inbox or queues."""
        rows = self.get("tasks/", process=process_id, step=step)["results"]
        if not rows:
            raise SystemExit(f"{self.who}: no open task {step!r} for procedure {process_id}")
        return rows[0]

    def do(self, process_id, step, payload):
        """Claim the task if it is in a queue, then complete it with `payload`; the procedure afterwards."""
        task = self.task(process_id, step)
        if "claim" in task["actions"]:
            self.post(f"tasks/{task['id']}/claim/")
        detail = self.get(f"tasks/{task['id']}/")
        missing = [name for name in detail["payload"].get("required", []) if name not in payload]
        if missing:
            raise SystemExit(f"{self.who}: {step} needs {missing}")
        procedure = self.post(f"tasks/{task['id']}/complete/", payload)
        print(f"  {self.who:<10} {step:<15} done → now: {[s['step'] for s in procedure['current_steps']]}")
        return procedure


def conference(held_on, *, present, convened=None, tallies=(), list_votes_for=None, confidence=False):
    """A conference step's payload: the figures, the two minutes, one tally row per remaining candidate."""
    payload = {
        "held_on": held_on.isoformat(),
        "present": present,
        "ballots_issued": present,
        "ballots_returned": present,
        "ballots_valid": present,
        "minutes": document("bien_ban.pdf"),
        "count_minutes": document("bien_ban_kiem_phieu.pdf"),
        "tally": [],
    }
    if convened is not None:  # a collective's size comes from the registry: only other conferences give it
        payload["convened"] = convened
    if list_votes_for is not None:
        payload["list_votes_for"] = list_votes_for
    for cadre, votes in tallies:
        row = {"cadre": cadre}
        if confidence:
            row["votes_for"], row["votes_against"] = votes
        else:
            row["votes_for"] = votes
        payload["tally"].append(row)
    return payload


def run(base_url, tokens, position, candidates, out_dir="."):
    leader = Api(base_url, tokens["leader"], "leader")
    board = Api(base_url, tokens["board"], "board")
    leadership = Api(base_url, tokens["leadership"], "leadership")
    first, second = candidates
    today = date.today()

    procedure = leader.post(
        "procedures/appointment/start/",
        {
            "position": position,
            "seats": 1,
            "source": "internal",
            "job_needs": "Phụ trách công tác tổ chức",
            "criteria": "Đủ tiêu chuẩn theo Quy định 377-QĐ/TW",
        },
    )
    pid = procedure["id"]
    print(f"procedure {pid}: {procedure['title']}")

    board.do(pid, "policy_review", {"decision": "approved"})
    board.do(pid, "nominate", {"cadres": [first, second]})
    board.do(pid, "internal_1_collective", conference(today, present=7, list_votes_for=6))
    board.do(
        pid,
        "internal_2_expanded",
        conference(today, convened=20, present=18, tallies=[(first, 12), (second, 6)]),
    )
    board.do(pid, "internal_3_collective", conference(today, present=7, tallies=[(first, 5), (second, 2)]))
    board.do(
        pid,
        "internal_4_key_officials",
        conference(
            today, convened=30, present=27, tallies=[(first, (20, 7)), (second, (9, 18))], confidence=True
        ),
    )
    rows = board.get(f"tasks/{board.task(pid, 'verification')['id']}/")["payload"]["properties"]["docs"]
    board.do(
        pid,
        "verification",
        {
            "confirm": True,
            "docs": [
                {
                    "candidate": candidate,
                    "years": 3,
                    "self_assessment": document("tu_danh_gia.pdf"),
                    "evaluation": document("nhan_xet_tap_the.pdf"),
                }
                for candidate in rows["items"]["properties"]["candidate"]["enum"]
            ],
        },
    )
    procedure = board.do(
        pid, "internal_5_collective", conference(today, present=7, tallies=[(first, 5), (second, 2)])
    )
    winner = next(c for c in procedure["candidates"] if c["cadre"] == first)
    board.do(
        pid,
        "draft_decision",
        {
            "candidate": winner["id"],
            "effective_from": (today + timedelta(days=5)).isoformat(),
            "grounds": "Căn cứ Quy định 377-QĐ/TW; Nghị định 170/2025/NĐ-CP",
        },
    )
    sign = leadership.task(pid, "sign_decision")
    if "claim" in sign["actions"]:
        leadership.post(f"tasks/{sign['id']}/claim/")
    signers = leadership.get(f"tasks/{sign['id']}/")["payload"]["properties"]["signer"]["enum"]
    procedure = leadership.do(pid, "sign_decision", {"signer": signers[0], "issued_on": today.isoformat()})

    decision = next(d for d in procedure["decisions"] if d["status"] == "signed")
    pdf = board.call("GET", f"decisions/{decision['id']}/pdf/").content
    path = os.path.join(out_dir, f"{decision['number'].replace('/', '_')}.pdf")
    with open(path, "wb") as handle:
        handle.write(pdf)
    print(f"outcome: {procedure['outcome']}; decision {decision['number']} signed; PDF: {path}")
    return procedure, decision, path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--position", type=int, required=True, help="the vacant position's id")
    parser.add_argument("--candidates", required=True, help="two eligible cadres' ids, comma-separated")
    parser.add_argument("--out", default=".", help="where to save the signed PDF")
    args = parser.parse_args(argv)
    tokens = {
        "leader": os.environ["LEADER_TOKEN"],
        "board": os.environ["BOARD_TOKEN"],
        "leadership": os.environ["LEADERSHIP_TOKEN"],
    }
    candidates = [int(c) for c in args.candidates.split(",")]
    procedure, _decision, _path = run(
        os.environ.get("CADREFLOW_URL", "http://127.0.0.1:8000"), tokens, args.position, candidates, args.out
    )
    return 0 if procedure["outcome"] == "appointed" else 1


if __name__ == "__main__":
    sys.exit(main())
