package dev.aurelis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Removes the {@code Sealed} attribute from the manifests of the extracted application's jars before the AOT
 * cache's training run (ADR 0078). On JDK 25 a JVM that loads its AOT-linked classes from a cache defines their
 * packages first; when one of them lives in a sealed jar (xz, which the embedded PostgreSQL needs, is one), the
 * class loader then refuses to seal the package it finds already defined, and the JVM does not start at all
 * ("sealing violation: can't seal package org.tukaani.xz: already defined"). Sealing only guards against a package
 * split over several jars, which the extracted application's class path does not have, so the copies the cache is
 * made for are unsealed; the jar the build made is left as it is.
 */
public final class AotUnsealedJars {

    private static final Attributes.Name SEALED = Attributes.Name.SEALED;

    private AotUnsealedJars() {
    }

    /** {@code AotUnsealedJars DIRECTORY}: unseals every jar directly in DIRECTORY; prints the ones it changed. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AotUnsealedJars DIRECTORY");
            System.exit(2);
        }
        for (Path jar : unseal(Path.of(args[0]))) {
            System.err.println("aurelis: unsealed " + jar.getFileName() + " for the AOT cache");
        }
    }

    /** Rewrites the sealed jars in {@code directory} without their {@code Sealed} attributes; returns them. */
    static List<Path> unseal(Path directory) throws IOException {
        List<Path> changed = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path jar : jars) {
                if (unsealOne(jar)) {
                    changed.add(jar);
                }
            }
        }
        return changed;
    }

    private static boolean unsealOne(Path jar) throws IOException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            manifest = file.getManifest();
        }
        if (manifest == null || !removeSealed(manifest)) {
            return false;
        }
        Path copy = jar.resolveSibling(jar.getFileName() + ".unsealing");
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(copy);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                ZipEntry written = new ZipEntry(entry.getName());
                written.setTime(entry.getTime());
                out.putNextEntry(written);
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    manifest.write(out);
                } else {
                    try (InputStream bytes = in.getInputStream(entry)) {
                        bytes.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        FileTime modified = Files.getLastModifiedTime(jar);
        Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(jar, modified);
        return true;
    }

    /** Drops {@code Sealed} from the main section and every entry's section; true when there was one. */
    private static boolean removeSealed(Manifest manifest) {
        boolean removed = manifest.getMainAttributes().remove(SEALED) != null;
        for (Attributes section : manifest.getEntries().values()) {
            removed |= section.remove(SEALED) != null;
        }
        return removed;
    }
}
