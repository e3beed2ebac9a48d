"""Nothing lost (issue 10, item 6): 30 phones at once, 5 submissions each, through the real participant
routes of ``intervisie serve`` (GET the form for its ``_xsrf`` cookie and field, POST it, follow the
303 to the confirmation page), into SQLite and into PostgreSQL; then a second burst during which the
server's process group is killed (SIGKILL), a restart on the same database, and every submission
that was acknowledged to its phone is stored. Not timed (benchmarks/participants.py times it).

The 5 submissions of a phone: one per meeting 1-5, each meeting with its own join code; in 4 of
them the phone evaluates (the write that can collide: the "already submitted?" look-up, the
response row under the unique (meeting, participant, kind) key and its answer rows, in one
transaction), in the fifth it writes a post-it (the other table: anonymous, no key, so a repeated
write would show as a second card). Roles alternate, so the three roles' items are written. The
reflection is left out: its scrypt derivation (128 MiB, about a second of CPU) would make this a
test of the key derivation, and it has its own tests. Every answer and post-it text is unique, so
what is stored can be matched to what was sent: exactly, not only counted.

The server runs without preheated kernels (the participant pages need none), on 127.0.0.1 only.
"""
from __future__ import annotations

import os
import random
import signal
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest_pg import pg_admin_url, pg_url, sqlite_url, store_url  # noqa: F401
from markupsafe import escape
from participant_client import Outcome, Phone, Submission

from intervisie_widgets import catalog
from intervisie_widgets.catalog import forms
from intervisie_widgets.model.group import Group, Member
from intervisie_widgets.settings import SECRET_ENV
from intervisie_widgets.storage import Store
from intervisie_widgets.storage.schema import response_key

PHONES = 30
FIRST, SECOND = (1, 2, 3, 4, 5), (6, 7, 8, 9, 10)
GROUP = "Burst Noord"
SECRET = "burst-test-pseudonym-secret"
#: The second burst is killed once this many of its 150 submissions were acknowledged.
KILL_AFTER = 40
FORM = forms.session_form()


def start_server(serve_process, url: str):
    """``intervisie serve --db url`` on 127.0.0.1, no preheated kernels, the test's pseudonym secret."""
    return serve_process("--db", url, "--", "--VoilaConfiguration.preheat_kernel=False",
                         env={SECRET_ENV: SECRET}, pool_size=0)


def set_up(url: str) -> dict[int, str]:
    """The group and a live join code for each of meetings 1-10 (meeting number → code)."""
    with Store(url) as store:
        store.save_group(Group((Member("Annemarie"), Member("Bartholomeus")), code=GROUP, name="Burst"))
        return {m: store.create_join(GROUP, m).code for m in FIRST + SECOND}


def plan(codes: dict[int, str], meetings, phone: int, tag: str) -> list[Submission]:
    """Phone ``phone``'s five submissions, in an order of its own (seeded)."""
    pseudonym, subs = f"{tag}-vos-{phone:02d}", []
    for m in meetings:
        if (phone + m) % 5 == 0:
            subs.append(Submission(codes[m], GROUP, m, "postit", text=f"post-it van {pseudonym} in {m}"))
            continue
        role = FORM.role_ids[(phone + m) % 3]
        answers = []
        for k, item in enumerate(FORM.items_for(role, None)):
            if item.type == "scale":
                span = item.scale.max - item.scale.min + 1
                answers.append((item.id, str(item.scale.min + (phone * 7 + m * 3 + k) % span)))
        answers.append(("les", f"les van {pseudonym} in {m}"))
        subs.append(Submission(codes[m], GROUP, m, "evaluatie", pseudonym, role, tuple(answers)))
    random.Random(f"{tag}{phone}").shuffle(subs)
    return subs


def burst(base_url: str, plans: list[list[Submission]], on_ack=None) -> list[Outcome]:
    """Every plan on its own phone, all at once (30 threads); a phone stops at its first error."""
    def run(subs: list[Submission]) -> list[Outcome]:
        phone, outcomes = Phone(base_url), []
        for sub in subs:
            outcomes.append(phone.submit(sub))
            if outcomes[-1].acknowledged and on_ack:
                on_ack()
            if outcomes[-1].error:
                break
        return outcomes

    with ThreadPoolExecutor(PHONES) as pool:
        futures = [pool.submit(run, subs) for subs in plans]
        return [o for f in futures for o in f.result(timeout=180)]


def sent_evaluation(sub: Submission) -> tuple[tuple[str, int], tuple]:
    """(participant key, meeting) → (role, answers) as the store keeps them (scales as numbers)."""
    scales = {i.id for i in FORM.items if i.type == "scale"}
    answers = tuple(sorted((k, int(v) if k in scales else v) for k, v in sub.answers))
    return (response_key(GROUP, sub.session, sub.pseudonym), sub.session), (sub.role, answers)


def stored(url: str, meetings) -> tuple[dict, Counter, Counter]:
    """What the database holds for ``meetings``: (key, meeting) → (role, answers); the response rows
    per meeting; the post-its as (meeting, text) counts. An answer row stored twice fails here."""
    with Store(url) as store:
        rows = store.responses(GROUP)
        counts = store.response_counts(GROUP)
        postits = Counter((m, p.text) for m in meetings for p in store.postits(GROUP, m))
    rows = rows[rows["session"].isin(meetings)]
    evaluations = {}
    for (key, session), part in rows.groupby(["participant", "session"], observed=True):
        assert not part["item"].duplicated().any(), f"an answer of {key} in {session} is stored twice"
        answers = tuple(sorted((r.item, r.text if isinstance(r.text, str) else int(r.score)) for r in part.itertuples()))
        evaluations[(str(key), int(session))] = (str(part["role"].iloc[0]), answers)
    counts = counts[counts["session"].isin(meetings)]
    return evaluations, Counter({int(k): int(v) for k, v in counts.groupby("session")["responses"].sum().items()}), postits


def expected(outcomes: list[Outcome]) -> tuple[dict, Counter, Counter]:
    """What ``outcomes``' submissions add to the store, in the shape of :func:`stored`."""
    evaluations = dict(sent_evaluation(o.submission) for o in outcomes if o.submission.kind == "evaluatie")
    per_meeting = Counter(session for _, session in evaluations)
    postits = Counter((o.submission.session, o.submission.text) for o in outcomes if o.submission.kind == "postit")
    return evaluations, per_meeting, postits


def kill_after(server, n: int):
    """A callback for each acknowledgement that SIGKILLs the server's process group at the ``n``-th."""
    lock, acked = threading.Lock(), [0]

    def on_ack():
        with lock:
            acked[0] += 1
            if acked[0] == n:
                os.killpg(server.pid, signal.SIGKILL)
    return on_ack


@pytest.fixture
def secret(monkeypatch):
    """The test computes participant keys with the server's secret."""
    monkeypatch.setenv(SECRET_ENV, SECRET)


def test_thirty_phones_lose_nothing_even_when_the_server_is_killed(store_url, serve_process, secret):  # noqa: F811
    """30 phones × 5 submissions: all acknowledged and stored exactly once; a SIGKILL mid-burst loses no
    acknowledged submission, the restarted server sees them, and the first burst is untouched."""
    codes = set_up(store_url)
    server = start_server(serve_process, store_url)
    first = burst(server.url, [plan(codes, FIRST, i, "a") for i in range(PHONES)])
    assert [o.error for o in first if o.error] == []
    assert len(first) == PHONES * 5 and all(o.acknowledged and o.confirmed for o in first)
    want = expected(first)
    assert len(want[0]) == PHONES * 4 and sum(want[2].values()) == PHONES
    assert stored(store_url, FIRST) == want  # nothing lost, nothing altered, nothing twice

    second = burst(server.url, [plan(codes, SECOND, i, "b") for i in range(PHONES)], kill_after(server, KILL_AFTER))
    assert server.proc.wait(timeout=30) == -signal.SIGKILL
    acked = [o for o in second if o.acknowledged]
    assert KILL_AFTER <= len(acked) < PHONES * 5, "the kill must land in the middle of the burst"
    restarted = start_server(serve_process, store_url)
    evaluations, per_meeting, postits = stored(store_url, SECOND)
    must, _, must_postits = expected(acked)
    may, _, may_postits = expected(second)  # everything sent, some of it perhaps in flight at the kill
    assert {k: evaluations.get(k) for k in must} == must, "an acknowledged evaluation is missing or altered"
    assert all(postits[k] == 1 for k in must_postits), "an acknowledged post-it is missing or stored twice"
    assert evaluations.items() <= may.items() and per_meeting == Counter(s for _, s in evaluations)
    assert postits.keys() <= may_postits.keys() and set(postits.values()) == {1}
    assert stored(store_url, FIRST) == want

    # the restarted server works on the same data: an acknowledged evaluation asks before it is
    # replaced, and a new one is stored
    phone = Phone(restarted.url)
    again = next(o.submission for o in acked if o.submission.kind == "evaluatie")
    repeat = phone.post_form(again)
    assert repeat.status_code == 200 and str(escape(catalog.text("evaluation.confirm_replace", "nl"))) in repeat.text
    new = Submission(again.code, GROUP, again.session, "evaluatie", "na-de-herstart", again.role, again.answers)
    assert phone.submit(new).confirmed
    assert stored(store_url, SECOND)[0][sent_evaluation(new)[0]] == sent_evaluation(new)[1]
