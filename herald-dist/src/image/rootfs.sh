#!/bin/sh
# The root file system of Herald's container image, built here without pulling anything (docs/adr/011):
# a jlink'ed Java runtime in /opt/java, the few shared libraries it and Herald's native code (SQLite,
# Netty epoll) load, copied from this machine's glibc, /tmp, an unprivileged user, and the release's lib/ and conf/
# in /opt/herald. Run by `mvn package -Pimage` (herald-dist/pom.xml); needs the JDK's jmods/ for jlink.
# usage: rootfs.sh JDK_HOME RELEASE_TARBALL OUT_DIR
set -eu
jdk=$1
tarball=$2
out=$3
modules=java.base,java.compiler,java.desktop,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql
modules=$modules,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported   # `jdeps --print-module-deps` of herald.jar, + EC TLS

rm -rf "$out"
mkdir -p "$out/opt/herald" "$out/tmp" "$out/etc" "$out/var/lib/herald"
# The same jar and JVM options as the tarball (bin/herald needs a shell, which the image does not have).
tar -xzf "$tarball" -C "$out/opt/herald" --strip-components=1 --wildcards '*/lib/*' '*/conf/*'
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/opt/java"

j=$out/opt/java
# What java, the JVM and the JDK's non-GUI native libraries link against (AWT's X11 libraries are never loaded
# by a headless server), plus what libsqlitejdbc.so and Netty's epoll library need (libm, libpthread, libdl, librt).
libs=$(ldd "$j/bin/java" "$j/lib/server/libjvm.so" "$j/lib/libjava.so" "$j/lib/libnet.so" "$j/lib/libnio.so" \
         "$j/lib/libzip.so" "$j/lib/libjli.so" "$j/lib/libjimage.so" "$j/lib/libmanagement.so" \
         "$j/lib/libmanagement_ext.so" "$j/lib/libprefs.so" "$j/lib/libj2gss.so" "$j/lib/libverify.so" \
       | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u)
for name in libm.so.6 libpthread.so.0 libdl.so.2 librt.so.1 libnss_dns.so.2 libnss_files.so.2 libresolv.so.2; do
  found=$(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64/ { print $NF; exit }')
  if [ -n "$found" ]; then libs="$libs $found"; fi
done
for lib in $libs; do
  case $lib in "$j"/*) continue ;; esac
  mkdir -p "$out${lib%/*}"
  cp -L "$lib" "$out$lib"
done

# nonroot (65532), as in distroless images; Herald's data directory belongs to it.
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
