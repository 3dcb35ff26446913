import { SYSTEM_DIRS } from './bubblewrap-args.js';

export interface UnshareOptions {
  /** util-linux programs, found on the PATH: `unshare`, `setpriv`, `chroot`, and a POSIX `sh`. */
  readonly programs: { readonly unshare: string; readonly setpriv: string; readonly chroot: string; readonly sh: string };
  /** The one folder the app may write (seen at the same path); the new root is made in it too. */
  readonly writable: string;
  /** More paths, folders or single files, to show read-only at the same path. */
  readonly readable: readonly string[];
  /** Whether this process is root: then unshare makes no user namespace, and the command runs as 65534 (in one of its own). */
  readonly asRoot: boolean;
  readonly command: readonly string[];
}

/**
 * Builds the new root inside the namespaces: a read-only tmpfs holding the system folders (read-only
 * binds, or the same links), then the readable paths (read-only binds of folders or single files, at the
 * same path; a link among them shows what it points to), a fresh /proc, five devices, and the writable folder; then runs the
 * command in it through setpriv with no capabilities, no new privileges and (as root) user 65534.
 * As root, 65534 first makes a user namespace of its own (mapped to root inside, as when not root): RLIMIT_NPROC counts a
 * user's processes per user namespace, and without one the app's 64 would be shared with every process of 65534 on the
 * machine (every other sandbox's app), so that another app's fork bomb made this one's fork fail. Where the kernel lets
 * no unprivileged user make one, the app runs as 65534 without it, its process limit shared.
 * Every failure prints one `wtlab-sandbox:` line and exits 125.
 */
const BUILD_ROOT = `
fail() { echo "wtlab-sandbox: $*" >&2; exit 125; }
app_path=$PATH; PATH=/usr/sbin:/usr/bin:/sbin:/bin
w=$1; as=$2; chroot=$3; setpriv=$4; unshare=$5; shift 5
r=$w/.root
mkdir -p "$r" && mount -t tmpfs -o mode=0755 wtlab-root "$r" || fail "cannot mount a tmpfs on $r"
while [ "$1" != "--" ]; do
  d=$1; shift
  if [ -L "$d" ]; then ln -s "$(readlink "$d")" "$r$d" || fail "cannot link $d"
  elif [ -d "$d" ]; then
    mkdir -p "$r$d" && mount --rbind "$d" "$r$d" && mount -o remount,bind,ro "$r$d" || fail "cannot show $d read-only"
  fi
done
shift
while [ "$1" != "--" ]; do
  d=$1; shift
  if [ -d "$d" ]; then mkdir -p "$r$d" || fail "cannot make $d"
  elif [ -e "$d" ]; then mkdir -p "$r$(dirname "$d")" && touch "$r$d" || fail "cannot make $d"
  else continue
  fi
  mount --rbind "$d" "$r$d" && mount -o remount,bind,ro "$r$d" || fail "cannot show $d read-only"
done
shift
mkdir -p "$r/proc" "$r/dev" "$r$w" || fail "cannot make mount points"
mount -t proc proc "$r/proc" || fail "cannot mount /proc"
mount --bind "$w" "$r$w" || fail "cannot bind $w"
for n in null zero full random urandom; do
  touch "$r/dev/$n" && mount --bind "/dev/$n" "$r/dev/$n" || fail "cannot bind /dev/$n"
done
mount -o remount,ro "$r" || fail "cannot make the new root read-only"
if [ "$as" = nobody ]; then
  drop="--reuid=65534 --regid=65534 --clear-groups"
  if "$setpriv" $drop "$unshare" --user --map-root-user true 2>/dev/null; then
    set -- "$setpriv" $drop "$unshare" --user --map-root-user "$chroot" "$r" "$setpriv" --inh-caps=-all --bounding-set=-all --no-new-privs "$@"
  else
    set -- "$chroot" "$r" "$setpriv" $drop --inh-caps=-all --bounding-set=-all --no-new-privs "$@"
  fi
else
  set -- "$chroot" "$r" "$setpriv" --inh-caps=-all --bounding-set=-all --no-new-privs "$@"
fi
PATH=$app_path
exec "$@"
`;

/**
 * util-linux `unshare` arguments for the app where bubblewrap is missing: new mount, PID, network, IPC
 * and UTS namespaces (and a user namespace: unshare's when not root, 65534's as root), the command as PID 1 of its namespace, a
 * read-only root like bubblewrap's (see BUILD_ROOT).
 */
export function unshareArgs(options: UnshareOptions): string[] {
  return [
    ...(options.asRoot ? [] : ['--user', '--map-root-user']),
    '--mount',
    '--pid',
    '--net',
    '--ipc',
    '--uts',
    '--fork',
    '--kill-child',
    '--propagation',
    'private',
    '--',
    options.programs.sh,
    '-c',
    BUILD_ROOT,
    'wtlab-sandbox',
    options.writable,
    options.asRoot ? 'nobody' : 'self',
    options.programs.chroot,
    options.programs.setpriv,
    options.programs.unshare,
    ...SYSTEM_DIRS,
    '--',
    ...options.readable,
    '--',
    ...options.command,
  ];
}
