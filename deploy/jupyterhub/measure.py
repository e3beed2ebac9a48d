"""Sizes for docs/deploy.md: one participant service (``intervisie hub-service``) on PostgreSQL.

    INTERVISIE_TEST_PG_URL=postgresql+psycopg://... python deploy/jupyterhub/measure.py [--phones 60]

Starts the service on 127.0.0.1 (no hub: the proxy adds a hop of about a millisecond), on a fresh
schema of that PostgreSQL server, with one group and one live join code. Then:

* **one phone after another**: 40 evaluations by one client, GET form + POST (+ nothing else),
  so the figure is the stored evaluations per second one service process sustains without waiting
  on anyone else;
* **a crowd**: ``--phones`` clients (threads, each its own cookies) released at once, each GET
  form + POST + GET confirmation (tests/browser/participant_client.py); the wall clock from release
  to the last acknowledgement gives the stored evaluations per second under contention;
* the service's RSS idle and after the crowd.

Prints the figures with the load average; not a test (other work shares the cores).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "browser"))


def _wait(url: str, proc, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the service exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def _submission(join, n: int):
    from participant_client import Submission

    return Submission(code=join.code, group=join.group, session=join.session, kind="evaluatie",
                      pseudonym=f"p{n}", role="deelnemer", answers=(("rapportcijfer", "8"),))


def _phone_class():
    from participant_client import Phone

    class ServicePhone(Phone):
        """A phone whose redirects (absolute paths under the service prefix) are followed from the host."""

        def get(self, path):
            if path.startswith("/services/"):
                return self.http.get(self.base.split("/services/")[0] + path, allow_redirects=False,
                                     timeout=self.timeout)
            return super().get(path)

    return ServicePhone


def measure(pg_admin: str, phones: int) -> dict:
    import psutil

    from intervisie_widgets.model.group import Group, Member
    from intervisie_widgets.storage import Store, count_rows
    from intervisie_widgets.storage.testing import temporary_pg_schema

    secret = "measure-" + "x" * 32
    os.environ["INTERVISIE_PSEUDONYM_SECRET"] = secret
    with temporary_pg_schema(pg_admin) as url:
        with Store(url) as store:
            store.save_group(Group(tuple(Member(f"M{i}") for i in range(6)), code="MEET-1", name="Meting"))
            join = store.create_join("MEET-1", 1)
        port = 10000 + os.getpid() % 20000
        env = {**os.environ, "INTERVISIE_DB_URL": url, "INTERVISIE_PSEUDONYM_SECRET": secret}
        cmd = [str(Path(sys.executable).with_name("intervisie")), "hub-service", "--ip", "127.0.0.1",
               "--port", str(port), "--prefix", "/services/intervisie/"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
        base = f"http://127.0.0.1:{port}/services/intervisie"
        try:
            _wait(base + "/deelnemen", proc)
            service = psutil.Process(proc.pid)
            idle = service.memory_info().rss / 2**20
            Phone = _phone_class()
            one = Phone(base)
            t0 = time.monotonic()
            sequential = [one.post_form(_submission(join, n)) for n in range(40)]
            seq_s = time.monotonic() - t0
            assert all(r is not None and r.status_code == 303 for r in sequential)
            _submission(join, 0).thanks()  # the text catalog loads once here, not in 30 threads at once
            barrier, outcomes = threading.Barrier(phones + 1), [None] * phones

            def phone(i):
                p = Phone(base, timeout=120)
                barrier.wait()
                outcomes[i] = p.submit(_submission(join, 1000 + i))

            threads = [threading.Thread(target=phone, args=(i,)) for i in range(phones)]
            for th in threads:
                th.start()
            barrier.wait()
            t1 = time.monotonic()
            for th in threads:
                th.join()
            acked = [o for o in outcomes if o.acknowledged]
            confirmed = sum(o.confirmed for o in outcomes)
            crowd_s = max(o.acked_at for o in acked) - t1
            after = service.memory_info().rss / 2**20
            with Store(url) as store:
                stored = count_rows(store, "ik_responses")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    return {"load_average": [round(x, 2) for x in os.getloadavg()],
            "sequential_evaluations_per_s": round(40 / seq_s, 1),
            "crowd": phones, "crowd_acknowledged": len(acked), "crowd_confirmed": confirmed, "crowd_seconds_to_last_stored": round(crowd_s, 2),
            "crowd_evaluations_per_s": round(len(acked) / crowd_s, 1), "rows_stored": stored,
            "service_rss_idle_mib": round(idle, 1), "service_rss_after_crowd_mib": round(after, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--phones", type=int, default=60)
    args = ap.parse_args()
    pg = os.environ.get("INTERVISIE_TEST_PG_URL")
    if not pg:
        print("set INTERVISIE_TEST_PG_URL (eval \"$(tools/pg_test_server.sh start)\")", file=sys.stderr)
        return 2
    print(json.dumps(measure(pg, max(1, min(args.phones, 300))), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
