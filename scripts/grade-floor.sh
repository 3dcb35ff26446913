#!/usr/bin/env bash
# The floor for `npm run bench`: the fewest git and python processes that gather the facts wtlab's
# graders read from one live tasks-app folder, with no node and no framework around them.
#
#   scripts/grade-floor.sh TASKS_APP_FOLDER QUIZ_KEY_JSON
#
# Same facts as wtlab's evidence: branches and tags, every commit of the lab's history (main or
# master, feature/wipe, feature/remaining, HEAD, MERGE_HEAD, linked worktrees' HEADs) with its changed
# files and +/- lines, the lab files on main, the commits a snapshot names, exports of the learner's
# start and of main each run through the same 24 app commands (each in its own fork, as wtlab runs them), conflict markers in main's tree and the main folder, the main folder's
# status (and each live linked worktree's), reflogs, worktree records, the merge in progress, the quiz
# checked against its key, and the graph of the lab's history. The git version is taken from the key
# (proven per version), so the floor starts no git only to ask it. The same safety as wtlab: a private
# HOME, no system config, hooks/fsmonitor/filters off, objects read through a private view that never
# reads the learner's config. Files are read by the one python process.
# Prints a one-line summary of the facts; exits non-zero when a fact could not be read.
set -euo pipefail
repo=${1:?usage: grade-floor.sh TASKS_APP_FOLDER QUIZ_KEY_JSON}
key=${2:?usage: grade-floor.sh TASKS_APP_FOLDER QUIZ_KEY_JSON}
# Absolute, since the object store is named from a private view elsewhere.
repo=$(cd "$repo" && pwd)
git=${WTLAB_GIT:-git}
gitdir=$repo/.git

scratch=$(mktemp -d "${TMPDIR:-/tmp}/grade-floor.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
view=$scratch/view.git
mkdir -p "$scratch/home" "$scratch/export" "$scratch/export-start" "$view/objects/info" "$view/refs"
echo 'ref: refs/heads/main' >"$view/HEAD"
printf '[core]\n\trepositoryformatversion = 0\n\tbare = true\n' >"$view/config"
echo "$gitdir/objects" >"$view/objects/info/alternates"
[[ -f $gitdir/shallow ]] && cp "$gitdir/shallow" "$view/shallow"

export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/.config LC_ALL=C LANG=C TZ=UTC
export GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_PAGER=cat PAGER=cat GIT_OPTIONAL_LOCKS=0
export GIT_NO_REPLACE_OBJECTS=1 GIT_ATTR_NOSYSTEM=1 PYTHONDONTWRITEBYTECODE=1
unset GIT_DIR GIT_WORK_TREE
safe=(-c core.fsmonitor=false -c core.hooksPath=/dev/null -c core.untrackedCache=false -c core.preloadIndex=false
  -c status.submoduleSummary=false -c diff.external= -c gc.auto=0 -c maintenance.auto=false -c 'safe.directory=*')
# Filter drivers named in the repo config get their commands blanked (read with bash, no process).
while IFS= read -r line; do
  if [[ $line =~ ^[[:space:]]*\[filter[[:space:]]+\"([^\"]+)\"[[:space:]]*\] ]]; then
    name=${BASH_REMATCH[1]}
    safe+=(-c "filter.$name.clean=" -c "filter.$name.smudge=" -c "filter.$name.process=" -c "filter.$name.required=false")
  fi
done <"$gitdir/config"
in_repo() { local cwd=$1; shift; "$git" -C "$cwd" "${safe[@]}" "$@"; }
in_view() { GIT_DIR=$view "$git" "${safe[@]}" "$@"; }

# 1. Which git the key was proven on (read by bash, no process).
read -r -d '' key_text <"$key" || true
[[ $key_text =~ \"git\":\ *\"([0-9.]+)\" ]] && version=${BASH_REMATCH[1]} || { echo "grade-floor: $key names no git version" >&2; exit 2; }
# 2. Branches and tags, one process; the lab's branches start the history.
refs=$(in_repo "$gitdir" for-each-ref '--format=%(objectname) %(objecttype) %(refname)' refs/heads refs/tags)
tips=() requests=() main_tip=''
declare -A tip_of=()
while read -r hash _ ref; do
  tip_of[$ref]=$hash
  case $ref in
    refs/heads/main | refs/heads/master | refs/heads/feature/wipe | refs/heads/feature/remaining) tips+=("$hash") ;;
  esac
  [[ $ref == refs/heads/main || ( -z $main_tip && $ref == refs/heads/master ) ]] && main_tip=$hash
done <<<"$refs"
if [[ -n $main_tip ]]; then
  for path in cli.py tasks.py worktree-quiz.json; do requests+=("$main_tip:$path"); done
fi
# The commits a snapshot names are checked in the same cat-file.
if [[ -f $gitdir/wtlab/evidence.json ]]; then
  read -r -d '' snapshot_text <"$gitdir/wtlab/evidence.json" || true
  while [[ $snapshot_text =~ ([0-9a-f]{40}) ]]; do
    requests+=("${BASH_REMATCH[1]}")
    snapshot_text=${snapshot_text#*"${BASH_REMATCH[1]}"}
  done
fi
# HEAD (on any branch, or detached), linked worktrees' HEADs, MERGE_HEAD (maybe outside every branch),
# and the lab branches' tips from before a rebase (their reflogs).
read -r head <"$gitdir/HEAD" || true
[[ $head == 'ref: '* && -n ${tip_of[${head#ref: }]:-} ]] && tips+=("${tip_of[${head#ref: }]}")
for file in "$gitdir/HEAD" "$gitdir/MERGE_HEAD" "$gitdir"/worktrees/*/HEAD; do
  [[ -f $file ]] || continue
  read -r first <"$file" || true
  [[ $first =~ ^[0-9a-f]{40,64}$ ]] && tips+=("$first")
done
for log in "$gitdir"/logs/refs/heads/{main,master,feature/wipe,feature/remaining}; do
  [[ -f $log ]] || continue
  while read -r old _ rest; do [[ $rest == *$'\t'rebase* ]] && tips+=("$old"); done <"$log"
done
# 3. Status of the main folder and of each live linked worktree, one process each.
in_repo "$repo" status --porcelain=v1 -z --ignored=matching -uall --ignore-submodules=all --no-renames >"$scratch/status-main"
for record in "$gitdir"/worktrees/*/; do
  [[ -f $record/gitdir ]] || continue
  read -r linked_git <"$record/gitdir"
  linked=${linked_git%/.git}
  [[ -e $linked/.git ]] || continue
  id=${record%/}; id=${id##*/}
  in_repo "$linked" status --porcelain=v1 -z --ignored=matching -uall --ignore-submodules=all --no-renames >"$scratch/status-$id" || true
done
# 4. Every commit of the lab's history with changed files and +/- lines, one process.
printf '%s\n' "${tips[@]}" | in_view log --stdin --topo-order $'--format=\x1e%H\x1f%P\x1f%at\x1f%ct\x1f%s' --raw -p -U0 \
  --no-renames --no-ext-diff --no-textconv --no-color --no-abbrev >"$scratch/log"
# 5. The lab files on main and the snapshot's commits, one process.
printf '%s\n' "${requests[@]}" | in_view cat-file --batch >"$scratch/files"
# 6. main's tree checked out into the export, one process; the start's (where the two features forked) into
#    its own, two processes (wtlab finds the start in the history it already read).
[[ -n $main_tip ]] && in_view --work-tree="$scratch/export" read-tree --reset -u "$main_tip"
if [[ -n ${tip_of[refs/heads/feature/wipe]:-} && -n ${tip_of[refs/heads/feature/remaining]:-} ]]; then
  start=$(in_view merge-base "${tip_of[refs/heads/feature/wipe]}" "${tip_of[refs/heads/feature/remaining]}")
  in_view --work-tree="$scratch/export-start" read-tree --reset -u "$start"
fi
# 7. The main folder's tracked files (scanned for conflict markers below), one process.
in_repo "$repo" ls-files -z >"$scratch/tracked"
# 8. The graph of the lab's history shown in the report, one process.
starts=()
for ref in refs/heads/main refs/heads/master refs/heads/feature/wipe refs/heads/feature/remaining; do
  [[ -n ${tip_of[$ref]:-} ]] && starts+=("$ref")
done
in_repo "$gitdir" log --graph --oneline --decorate --color=never -n 200 "${starts[@]}" HEAD -- >"$scratch/graph"

# 9. One python process: export main, run the app's commands in it, scan for conflict markers, read the
#    reflogs, worktree records and snapshot, and check the quiz against its key.
python3 -c '
import contextlib, io, json, os, re, runpy, signal, sys
scratch, repo, gitdir, key_file, version = sys.argv[1:6]
facts = {"git": version}
log = open(os.path.join(scratch, "log"), encoding="utf-8", errors="replace").read()
facts["commits"] = log.count("\x1e")
PLAN = [[], ["list"], ["remaining"], ["add", "alpha task"], ["add", "bravo task"], ["add", "charlie task"], ["list"], ["count"],
        ["done", "1"], ["list"], ["count"], ["remaining"], ["done", "2"], ["done", "0"], ["done", "3"], ["list"], ["remaining"],
        ["delete", "1"], ["list"], ["add", "last task"], ["wipe"], ["list"], ["remaining"], ["list"]]
MARK = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.M)
def markers(root, paths):
    found = 0
    for path in paths:
        try:
            found += len(MARK.findall(open(os.path.join(root, path), encoding="utf-8", errors="replace").read()))
        except OSError:
            pass
    return found
def run_once(folder, args, out):
    """One command in a fork of this process, its output back through a pipe; returns its exit code."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 0
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            os.chdir(folder)
            sys.path.insert(0, folder)
            sys.argv = ["cli.py", *args]
            signal.alarm(5)
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                try:
                    runpy.run_path(os.path.join(folder, "cli.py"), run_name="__main__")
                except SystemExit as stop:
                    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:
            code = 1
        os.write(write_end, json.dumps([stdout.getvalue(), stderr.getvalue()]).encode())
        os._exit(code & 255)
    os.close(write_end)
    chunks = []
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    out.append(b"".join(chunks))
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
runs, outputs = [], []
for folder in (os.path.join(scratch, "export-start"), os.path.join(scratch, "export")):
    if not os.listdir(folder):
        continue
    tree = [os.path.relpath(os.path.join(root, name), folder) for root, _, names in os.walk(folder) for name in names]
    facts["committedMarkers"] = markers(folder, tree)
    if os.path.exists(os.path.join(folder, "cli.py")):
        runs.extend(run_once(folder, args, outputs) for args in PLAN)
facts["appRuns"] = len(runs)
facts["appFailures"] = sum(1 for code in runs if code != 0)
tracked = [p for p in open(os.path.join(scratch, "tracked"), encoding="utf-8").read().split("\0") if p]
facts["worktreeMarkers"] = markers(repo, tracked)
def reflog(path):
    try:
        return [line for line in open(path, encoding="utf-8", errors="replace").read().split("\n") if line]
    except OSError:
        return []
entries = len(reflog(os.path.join(gitdir, "logs", "HEAD")))
for root, _, names in os.walk(os.path.join(gitdir, "logs", "refs", "heads")):
    entries += sum(len(reflog(os.path.join(root, name))) for name in names)
records = os.path.join(gitdir, "worktrees")
ids = sorted(os.listdir(records)) if os.path.isdir(records) else []
for wid in ids:
    entries += len(reflog(os.path.join(records, wid, "logs", "HEAD")))
facts["reflogEntries"] = entries
facts["worktreeRecords"] = len(ids)
snapshot = os.path.join(gitdir, "wtlab", "evidence.json")
facts["snapshot"] = os.path.exists(snapshot) and bool(json.load(open(snapshot)))
facts["mergeInProgress"] = os.path.exists(os.path.join(gitdir, "MERGE_HEAD"))
parent = os.path.dirname(os.path.abspath(repo))
prefix = os.path.basename(os.path.abspath(repo)) + "-"
facts["siblings"] = sum(1 for name in os.listdir(parent) if name.startswith(prefix) and os.path.isfile(os.path.join(parent, name, ".git")))
quiz_file = os.path.join(repo, "worktree-quiz.json")
answers = json.load(open(quiz_file)) if os.path.exists(quiz_file) else {}
answers = answers.get("answers", answers) if isinstance(answers, dict) else {}
key = json.load(open(key_file))["answers"]
facts["quizCorrect"] = sum(1 for item, answer in key.items() if answers.get(item) == answer)
facts["quizItems"] = len(key)
print(" ".join(f"{name}={value}" for name, value in facts.items()))
' "$scratch" "$repo" "$gitdir" "$key" "$version"
