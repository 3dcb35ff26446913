/** Upstream part of a Debian package version: `1:2.47.3-0+deb13u1` gives `2.47.3`. */
export function upstreamVersion(debianVersion: string): string {
  const withoutEpoch = debianVersion.replace(/^\d+:/, '');
  const dash = withoutEpoch.lastIndexOf('-');
  return dash === -1 ? withoutEpoch : withoutEpoch.slice(0, dash);
}
