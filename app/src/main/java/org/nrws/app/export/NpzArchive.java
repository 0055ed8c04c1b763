package org.nrws.app.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The container of a {@code .npz} file: a zip archive ({@link java.util.zip}) whose entries are
 * {@code .npy} arrays named {@code <key>.npy}, as {@code numpy.savez} writes it (entries stored
 * uncompressed), plus any other entries (here {@code meta.json}), which {@code numpy.load} returns
 * as bytes.
 */
public final class NpzArchive {

    private NpzArchive() {
    }

    /**
     * Writes entries, in order, stored uncompressed.
     *
     * @param out     the stream (not closed)
     * @param entries entry name (e.g. {@code p/W0.npy}) to content
     * @throws IOException on a write error
     */
    public static void write(OutputStream out, Map<String, byte[]> entries) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] b = e.getValue();
            ZipEntry z = new ZipEntry(e.getKey());
            z.setMethod(ZipEntry.STORED);
            z.setSize(b.length);
            z.setCompressedSize(b.length);
            CRC32 crc = new CRC32();
            crc.update(b);
            z.setCrc(crc.getValue());
            z.setTime(0);
            zip.putNextEntry(z);
            zip.write(b);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /**
     * Reads every entry of an archive (the central directory tells a truncated file; each entry's
     * CRC is checked).
     *
     * @param file the archive
     * @return entry name to content, in the archive's order
     * @throws NoSuchFileException when the file does not exist
     * @throws ModelFileException  when it is not a complete zip archive or an entry is corrupt
     * @throws IOException         on a read error
     */
    public static Map<String, byte[]> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String current = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry z = all.nextElement();
                current = z.getName();
                if (z.isDirectory()) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(z)) {
                    entries.put(z.getName(), in.readAllBytes());
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFileException(file + ": " + (current == null ? "not a complete zip archive (truncated, or not an "
                    + ".npz file)" : "entry " + current + " is corrupt") + ": " + e.getMessage(), e);
        }
        return entries;
    }
}
