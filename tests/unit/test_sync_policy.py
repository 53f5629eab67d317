"""The sync policy — what each answer of the central server means — checked without a server."""

from __future__ import annotations

import random

import pytest

from desk_app.sync.policy import (
    ANSWERS,
    BACKOFF_CAP_S,
    NOT_BATCHED,
    OFFICER_TEXT,
    STATUS_OF,
    Reason,
    Verdict,
    backoff,
    error_text,
    officer_text,
    reason_of,
    verdict,
)


@pytest.mark.parametrize(
    ("status", "expected"),
    [(200, Verdict.DONE), (201, Verdict.DONE), (204, Verdict.DONE), (404, Verdict.NOT_YET),
     (400, Verdict.REFUSED), (403, Verdict.REFUSED), (409, Verdict.REFUSED), (413, Verdict.REFUSED),
     (422, Verdict.REFUSED), (401, Verdict.OFFLINE), (429, Verdict.OFFLINE), (503, Verdict.OFFLINE)],
)  # fmt: skip
def test_each_known_answer_has_its_verdict(status: int, expected: Verdict) -> None:
    assert verdict(status) is expected


@pytest.mark.parametrize("status", [0, 302, 418, 451, 507, 599])
def test_an_answer_the_desk_does_not_know_means_later_never_refused(status: int) -> None:
    assert status not in ANSWERS and verdict(status) is Verdict.OFFLINE


def test_every_refusal_reason_has_a_known_status_and_words_for_the_officer() -> None:
    assert set(STATUS_OF) == set(Reason) == set(OFFICER_TEXT)
    for reason, status in STATUS_OF.items():
        assert status in ANSWERS and verdict(status) is not Verdict.DONE, reason
        assert not OFFICER_TEXT[reason].isascii()  # Vietnamese words, not a keyword
    assert verdict(STATUS_OF[Reason.NOT_YET]) is Verdict.NOT_YET
    assert {r for r, s in STATUS_OF.items() if verdict(s) is Verdict.OFFLINE} == {
        Reason.CREDENTIAL, Reason.REVOKED
    }  # a refused credential stops sending; it never marks a record as refused


def test_a_kept_refusal_reads_back_its_reason_and_the_officers_words() -> None:
    kept = error_text(403, "desk", "code G01-261120-2001 is outside desk 1's block 0001-0999")
    assert kept == "HTTP 403 desk: code G01-261120-2001 is outside desk 1's block 0001-0999"
    assert reason_of(kept) is Reason.DESK
    assert officer_text(kept) == OFFICER_TEXT[Reason.DESK]
    assert error_text(404, None, "") == "HTTP 404:" and reason_of("HTTP 404:") is None
    assert officer_text("") == ""


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("ConnectError: [Errno 111] Connection refused", "Không kết nối được máy chủ trung tâm"),
        ("ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", "Lỗi chứng chỉ TLS"),
        ("ReadTimeout: timed out", "Máy chủ trung tâm không trả lời kịp"),
        ("the answer is not the central server's (a captive portal or a proxy page?)", "trang đăng nhập"),
        ("HTTP 409 something-new: x", "Máy chủ trung tâm trả lời lỗi HTTP 409"),
        ("HTTP 503: busy", "HTTP 503"),
        ("SomethingNew: what", "Không gửi được lên máy chủ trung tâm"),
    ],
)
def test_a_failure_on_the_way_reads_in_the_officers_words(raw: str, said: str) -> None:
    """Issue 18, part 3: no raw English reaches the officer (the raw text stays for IT, in the log)."""
    words = officer_text(raw)
    assert said in words and words.isascii() is False


def test_a_batch_refused_as_a_whole_goes_one_by_one_but_a_server_error_waits() -> None:
    assert {404, 405, 413, 422} <= NOT_BATCHED and not NOT_BATCHED & {200, 401, 429, 500, 503}


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    rng = random.Random(7)
    waits = [backoff(n, rng) for n in range(1, 12)]
    assert 2.5 <= waits[0] <= 5 and 5 <= waits[1] <= 10 and 10 <= waits[2] <= 20
    assert all(BACKOFF_CAP_S / 2 <= w <= BACKOFF_CAP_S for w in waits[-2:])
