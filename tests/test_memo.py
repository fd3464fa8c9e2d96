"""The bounded memos: what they keep, what they forget when full."""

from __future__ import annotations

from roadmap_kg.memo import Memo, Recent


def test_recent_forgets_its_older_half_when_full_and_keeps_the_newest() -> None:
    recent: Recent[int, str] = Recent(4)
    for key in range(4):
        assert recent.remember(key, str(key)) == str(key)
    assert [recent.get(k) for k in range(4)] == ["0", "1", "2", "3"]
    recent.remember(4, "4")  # full: 0 and 1 are forgotten
    assert len(recent) == 3
    assert [recent.get(k) for k in range(5)] == [None, None, "2", "3", "4"]
    for key in range(5, 100):
        recent.remember(key, str(key))
        assert len(recent) <= 4
        assert recent.get(key) == str(key)
    recent.clear()
    assert len(recent) == 0
    assert recent.get(99) is None


def test_memo_starts_afresh_when_full() -> None:
    memo: Memo[int, int] = Memo(3)
    for key in range(3):
        memo.remember(key, key * 10)
    memo.remember(3, 30)
    assert [memo.get(k) for k in range(4)] == [None, None, None, 30]
