#!/usr/bin/env bash
# Builds the file system under the Aurelis image (ADR 0021): a Java runtime made by jlink from the build's JDK,
# and the C library, the shell and the GNU runtime libraries from Debian's packages, nothing else (no package
# manager, no shell tools). Jib lays the application on top of it. Run by `./mvnw -Pimage package`.
#
#   deploy/image/rootfs.sh OUTPUT_DIR [DEB_CACHE_DIR]
set -euo pipefail

out=${1:?usage: rootfs.sh OUTPUT_DIR [DEB_CACHE_DIR]}
debs=${2:-$out.debs}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../.mvn/jdk.sh
source "$here/.mvn/jdk.sh"
aurelis_select_jdk

# libc and the dynamic loader (the JVM and PostgreSQL), libgcc_s and libstdc++ (the embedded PostgreSQL's
# ICU), dash as /bin/sh (pg_ctl starts the embedded server through it).
packages=(libc6 libgcc-s1 libstdc++6 dash)

# The modules a Spring Boot server needs, with TLS (EC, PKCS#11), DNS, JFR and JMX for diagnosis; no compiler,
# no desktop.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.naming.dns,\
jdk.net,jdk.zipfs,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.jcmd,jdk.security.auth,\
jdk.security.jgss,jdk.httpserver

stamp="$out.stamp"
wanted="$( (cat "${BASH_SOURCE[0]}"; printf "%s\n" "$JAVA_HOME" "$modules" "${packages[@]}") | sha256sum | cut -d" " -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi

rm -rf "$out"
mkdir -p "$out/opt" "$debs"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$out/opt/java"

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "rootfs.sh: apt-get and dpkg-deb are needed to take the C library from Debian's packages;" \
       "build on Debian or Ubuntu, or pass -Dimage.base=<an image with a JRE 21+> to build on another base" >&2
  exit 1
fi
(cd "$debs" && apt-get download "${packages[@]}" >/dev/null) || {
  echo "rootfs.sh: apt-get download failed; run 'apt-get update' once and try again" >&2
  exit 1
}
for p in "${packages[@]}"; do
  dpkg-deb -x "$(ls -t "$debs/${p}"_*.deb | head -n 1)" "$out"
done
# dash's maintainer script, which does not run here, would make it /bin/sh.
[ -e "$out/bin/sh" ] || ln -s dash "$out/bin/sh"
rm -rf "$out/usr/share/doc" "$out/usr/share/man" "$out/usr/share/lintian" "$out/usr/share/info"

mkdir -p "$out/etc" "$out/tmp" "$out/var/lib/aurelis" "$out/etc/aurelis"
cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
aurelis:x:1000:1000:Aurelis:/var/lib/aurelis:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
aurelis:x:1000:
nogroup:x:65534:
GROUP
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
# The embedded PostgreSQL listens on "localhost"; container runtimes mount their own /etc/hosts over this one.
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$out/etc/hosts"
echo "$wanted" > "$stamp"
