/**
 * Python (definitions only, for a `python3 -c` program) that makes runpy and importlib compile each
 * distinct source text once per process: `install_compile_once()` puts a memo in front of the
 * `compile` that `runpy.run_path` and importlib's `SourceLoader.source_to_code` call (their modules'
 * own global, not `builtins.compile`, which the app still sees unchanged), and returns
 * `(compile_once, warm)`; `warm(source, filename)` fills the memo ahead of a fork;
 * `hide_memo_frames(error)` takes the memo's frame out of an exception's tracebacks.
 *
 * What stays as `python3 cli.py ARGS` has it: the key is the source bytes (or text), the file name and
 * the optimisation level, so a file the app rewrote (same size and mtime or not) is compiled afresh and
 * tracebacks name the same file and line. Only a source that compiles with no warning at all is kept
 * (a probe compile turns every warning into an error, by a filter put first in `warnings.filters` for
 * that call and taken out after): a SyntaxWarning is printed by every command as before, and a source
 * with a SyntaxError, or anything else than plain `exec` compiles with no flags, always goes to the real
 * `compile`, which then raises or warns as it always did. Kept: code objects (immutable, so one command
 * cannot change what a later one runs from them) and the source they came from; at most 64 sources,
 * none over 1 MiB, 8 MiB in all, oldest dropped first. Where a SyntaxError passes the memo's frame,
 * that frame is named as importlib's `_call_with_frames_removed`, so CPython removes it from import
 * errors as it removes importlib's own; `hide_memo_frames` removes it where runpy's compile raised.
 * What an app could still tell apart: two loads of one unchanged file share one code object, an audit hook
 * (`sys.addaudithook`) sees one `compile` event per source instead of one per load, and code that digs the
 * memo out of `runpy.compile`'s closure can change it, as it could change runpy itself: within one plan,
 * as before, the app's process is the app's; the next request is another fork, which starts from an empty memo.
 *
 * Measured (2026-12-01, Python 3.11.7, the shared 2-core machine at load 5 to 8; CPU = user + sys of the
 * driver and its forks, from the harness's RUSAGE_CHILDREN; A = the driver before, B = with the memo, runs
 * interleaved A B B A ...): one driver serving 10 requests of the lab's plan (23 commands) on fixtures/lab/start,
 * 10 pairs: 482 to 697 ms against 254 to 373 ms, B/A 0.44 to 0.67 (median 0.53); less the driver's start-up
 * (about 65 ms, no request), a request's fork went from 54 ms to 26 ms (medians). Through the engine
 * (`runApp`, bubblewrap, its /usr/bin/python3 3.11.2), 10 runs of the plan per node process, `perf stat -e
 * task-clock` of node and everything under it, 8 pairs: 556 to 626 ms against 397 to 507 ms, B/A 0.65 to
 * 0.88 (median 0.72); less node's own 107 ms, 48 ms against 31 ms per run (medians). The scenarios'
 * script runner of that time (a fork per command, the memo filled in the runner before each fork; now the server in
 * src/scenario/app-commands-source.ts), 5 scripts of the same
 * 23 commands, 8 pairs: medians 1,242 ms against 1,076 ms, B/A 0.81 to 1.01 (median 0.89), about 1.5 ms less
 * per command. Outputs were the same in A and B (the same digest of every command's exit code and streams).
 */
export const COMPILE_ONCE_SOURCE = `
import builtins
import runpy
import sys
import warnings


# The memo's bounds: sources kept at most, bytes of one source, bytes of all the sources kept.
MEMO_ENTRIES = 64
MEMO_SOURCE_BYTES = 1 << 20
MEMO_TOTAL_BYTES = 8 << 20
# How a probe compile may fail; the real compile that follows gives the app the genuine outcome.
PROBE_FAILURES = (SyntaxError, ValueError, RuntimeError, MemoryError, Warning)
# Put first in warnings.filters for a probe only: any warning the compiler gives makes it fail.
STRICT_FILTER = ("error", None, Warning, None, 0)
# The memo's own code object, once installed (hide_memo_frames looks for it).
memo_code = [None]


def install_compile_once():
    """Puts the memo in front of runpy's and importlib's compile in this process; returns (compile_once, warm)."""
    real_compile = builtins.compile
    memo = {}
    kept = [0]

    def probe(source, filename, optimize):
        """The code object of a source that compiles with no warning at all, else None (nothing is printed)."""
        filters = getattr(sys.modules.get("warnings"), "filters", None)
        if type(filters) is not list:
            return None
        filters.insert(0, STRICT_FILTER)
        try:
            return real_compile(source, filename, "exec", 0, True, optimize)
        except PROBE_FAILURES:
            return None
        finally:
            if filters and filters[0] is STRICT_FILTER:
                del filters[0]

    def warm(source, filename, optimize=-1):
        """The memo's code object for this source and file, compiled now when new; None when it is not kept."""
        exact = (type(source) is bytes or type(source) is str) and type(filename) is str and type(optimize) is int
        if not exact or len(source) > MEMO_SOURCE_BYTES:
            return None
        key = (source, filename, optimize)
        code = memo.get(key)
        if code is None:
            code = probe(source, filename, optimize)
            if code is not None:
                while memo and (len(memo) >= MEMO_ENTRIES or kept[0] + len(source) > MEMO_TOTAL_BYTES):
                    oldest = next(iter(memo))
                    kept[0] -= len(oldest[0])
                    del memo[oldest]
                memo[key] = code
                kept[0] += len(source)
        return code

    def compile_once(source, filename, mode, flags=0, dont_inherit=False, optimize=-1):
        plain = type(mode) is str and mode == "exec" and type(flags) is int and flags == 0
        code = warm(source, filename, optimize) if plain else None
        return real_compile(source, filename, mode, flags, dont_inherit, optimize) if code is None else code

    # Named as importlib's frames are, so an import's SyntaxError has no frame of ours (CPython drops that chunk).
    names = {"co_name": "_call_with_frames_removed", "co_filename": "<frozen importlib._bootstrap_external>"}
    if hasattr(compile_once.__code__, "co_qualname"):
        names["co_qualname"] = names["co_name"]
    compile_once.__code__ = compile_once.__code__.replace(**names)
    memo_code[0] = compile_once.__code__
    runpy.compile = compile_once
    sys.modules["_frozen_importlib_external"].compile = compile_once
    return compile_once, warm


def hide_memo_frames(error):
    """Takes the memo's frames out of error's traceback and those of the exceptions chained to it; returns error."""
    seen, pending = set(), [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        head = current.__traceback__
        while head is not None and head.tb_frame.f_code is memo_code[0]:
            head = head.tb_next
        node = head
        while node is not None:
            while node.tb_next is not None and node.tb_next.tb_frame.f_code is memo_code[0]:
                node.tb_next = node.tb_next.tb_next
            node = node.tb_next
        current.__traceback__ = head
        pending += [current.__cause__, current.__context__]
    return error
`;
