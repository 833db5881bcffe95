"""deqp-runner's statuses and how a result becomes one, as drm-ci runs it
(igt-runner run --skips --flakes --baseline), with this project's two
stricter rules: a skip at run time fails unless the fails file expects it,
and a retried test is a Flake only when one of its two results is a pass."""

# Raw results of the guest runner, from the least to the most severe.
RESULTS = ("pass", "skip", "fail", "timeout", "crash")
STATUS = {"pass": "Pass", "skip": "Skip", "fail": "Fail", "timeout": "Timeout", "crash": "Crash"}
# Statuses a fails file may expect (drm-ci's xfails format).
EXPECTABLE = ("Fail", "Crash", "Timeout", "Skip", "Warn")
SUCCESS = ("Pass", "ExpectedFail", "Flake", "KnownFlake", "Skip")


def retried(first, retry):
    """The status of a test run twice: its result when both agree or there
    was no retry; a Flake when they differ and one of them passed; else the
    worse of the two (fail then crash is a Crash, not a Flake)."""
    if retry is None or retry == first:
        return STATUS[first]
    if "pass" in (first, retry):
        return "Flake"
    return STATUS[max(first, retry, key=RESULTS.index)]


def expected_status(entry):
    """The status a fails-file entry expects: Fail, or X of
    UnexpectedImprovement(X)."""
    if entry.startswith("UnexpectedImprovement("):
        return entry[len("UnexpectedImprovement("):-1]
    return entry


def with_baseline(status, expected):
    """deqp-runner's with_baseline: the status against the fails file."""
    if expected is None or status in ("Flake", "Missing"):
        return status
    if status == expected:
        return "Pass" if status == "Pass" else "ExpectedFail"
    if status in ("Pass", "Skip"):
        return "UnexpectedImprovement(%s)" % status
    return status


def is_success(status, skip_expected=False):
    """deqp-runner's is_success, except that a Skip counts only when it was
    expected (the skips file, or ,Skip in the fails file)."""
    if status == "Skip":
        return skip_expected
    return status in SUCCESS
