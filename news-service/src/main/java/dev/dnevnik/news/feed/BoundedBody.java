package dev.dnevnik.news.feed;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.dnevnik.news.feed.FeedFetchException.Kind;

/**
 * A response body read chunk by chunk as it arrives, decompressed on the fly ({@code gzip}, {@code deflate}), and
 * refused the moment it crosses the limit, raw or decompressed: a gzip bomb is stopped after inflating one chunk past
 * the limit, never held in memory whole. Not thread-safe: one per response, fed from its event loop.
 */
final class BoundedBody {

    private static final int MAX_GZIP_HEADER = 64 * 1024;

    private final long limit;
    private final String limitText;
    private final Encoding encoding;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final byte[] window = new byte[16 * 1024];
    private long raw;

    // gzip / deflate state
    private Inflater inflater;
    private final CRC32 crc = new CRC32();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(); // header or trailer bytes
    private Stage stage;

    private enum Encoding { IDENTITY, GZIP, DEFLATE }

    private enum Stage { HEADER, BODY, TRAILER, DONE }

    BoundedBody(String contentEncoding, long limit) {
        this.limit = limit;
        this.limitText = size(limit);
        this.encoding = encodingOf(contentEncoding);
        this.stage = encoding == Encoding.IDENTITY ? Stage.BODY : Stage.HEADER;
    }

    private static Encoding encodingOf(String header) {
        String value = header == null ? "" : header.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "identity" -> Encoding.IDENTITY;
            case "gzip", "x-gzip" -> Encoding.GZIP;
            case "deflate" -> Encoding.DEFLATE;
            default -> throw new FeedFetchException(Kind.BAD_BODY, "unsupported content encoding " + value);
        };
    }

    /** The announced length, checked before a byte is read. */
    void checkAnnounced(long contentLength) {
        if (contentLength > limit) {
            throw tooLarge(false);
        }
    }

    void accept(byte[] chunk) {
        raw += chunk.length;
        if (raw > limit) {
            throw tooLarge(false);
        }
        switch (encoding) {
            case IDENTITY -> write(chunk, 0, chunk.length);
            case GZIP -> gzip(chunk, 0);
            case DEFLATE -> deflate(chunk);
        }
    }

    byte[] finish() {
        if (encoding == Encoding.GZIP && stage != Stage.DONE && !(stage == Stage.HEADER && pending.size() == 0)) {
            throw new FeedFetchException(Kind.BAD_BODY, "the gzip body is truncated");
        }
        if (encoding == Encoding.GZIP && stage == Stage.HEADER && pending.size() == 0 && raw == 0) {
            return new byte[0];
        }
        if (encoding == Encoding.DEFLATE && raw > 0 && (inflater == null || !inflater.finished())) {
            throw new FeedFetchException(Kind.BAD_BODY, "the deflate body is truncated");
        }
        end();
        return out.toByteArray();
    }

    /** Frees the inflater (also when the body is abandoned). */
    void end() {
        if (inflater != null) {
            inflater.end();
        }
    }

    private void write(byte[] bytes, int offset, int length) {
        if (out.size() + (long) length > limit) {
            end();
            throw tooLarge(encoding != Encoding.IDENTITY);
        }
        out.write(bytes, offset, length);
    }

    private void gzip(byte[] chunk, int offset) {
        while (offset < chunk.length || stage == Stage.BODY && inflater != null && !inflater.needsInput()) {
            switch (stage) {
                case HEADER -> {
                    pending.write(chunk, offset, chunk.length - offset);
                    offset = chunk.length;
                    if (pending.size() > MAX_GZIP_HEADER) {
                        throw new FeedFetchException(Kind.BAD_BODY, "not a gzip body");
                    }
                    byte[] header = pending.toByteArray();
                    int length = gzipHeaderLength(header);
                    if (length < 0) {
                        return; // more header to come
                    }
                    pending.reset();
                    stage = Stage.BODY;
                    if (inflater == null) {
                        inflater = new Inflater(true);
                    } else {
                        inflater.reset();
                    }
                    crc.reset();
                    chunk = header;
                    offset = length;
                }
                case BODY -> {
                    if (inflater.needsInput()) {
                        inflater.setInput(chunk, offset, chunk.length - offset);
                        offset = chunk.length;
                    }
                    int remaining = inflate();
                    if (inflater.finished()) {
                        stage = Stage.TRAILER;
                        offset = chunk.length - remaining;
                    }
                }
                case TRAILER -> {
                    int take = Math.min(8 - pending.size(), chunk.length - offset);
                    pending.write(chunk, offset, take);
                    offset += take;
                    if (pending.size() == 8) {
                        byte[] t = pending.toByteArray();
                        long expected = (t[0] & 0xffL) | (t[1] & 0xffL) << 8 | (t[2] & 0xffL) << 16 | (t[3] & 0xffL) << 24;
                        if (expected != crc.getValue()) {
                            throw new FeedFetchException(Kind.BAD_BODY, "the gzip body is corrupt (CRC mismatch)");
                        }
                        pending.reset();
                        stage = Stage.DONE;
                    }
                }
                case DONE -> {
                    // another gzip member follows (concatenated streams), or trailing garbage some servers add
                    if (chunk[offset] == 0x1f) {
                        stage = Stage.HEADER;
                    } else {
                        return;
                    }
                }
            }
        }
    }

    private void deflate(byte[] chunk) {
        if (inflater == null) {
            pending.write(chunk, 0, chunk.length);
            if (pending.size() < 2) {
                return;
            }
            byte[] start = pending.toByteArray();
            pending.reset();
            // zlib-wrapped as the specification says, or raw deflate as some servers send
            int cmf = start[0] & 0xff;
            boolean zlib = (cmf & 0x0f) == 8 && ((cmf << 8) | (start[1] & 0xff)) % 31 == 0;
            inflater = new Inflater(!zlib);
            chunk = start;
        }
        if (inflater.finished()) {
            return;
        }
        inflater.setInput(chunk);
        inflate();
    }

    /** Inflates what the inflater holds, a window at a time; returns the input left after the stream's end. */
    private int inflate() {
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(window);
                if (n > 0) {
                    write(window, 0, n);
                    if (encoding == Encoding.GZIP) {
                        crc.update(window, 0, n);
                    }
                } else if (inflater.needsInput() || inflater.needsDictionary()) {
                    break;
                }
            }
            return inflater.getRemaining();
        } catch (DataFormatException e) {
            end();
            throw new FeedFetchException(Kind.BAD_BODY, "the " + encoding.name().toLowerCase(Locale.ROOT)
                    + " body is corrupt");
        }
    }

    /** The length of a complete gzip header at the start of {@code b}, or -1 while it is incomplete. */
    private static int gzipHeaderLength(byte[] b) {
        if (b.length < 10) {
            if (b.length >= 1 && (b[0] & 0xff) != 0x1f || b.length >= 2 && (b[1] & 0xff) != 0x8b) {
                throw new FeedFetchException(Kind.BAD_BODY, "not a gzip body");
            }
            return -1;
        }
        if ((b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b || b[2] != 8) {
            throw new FeedFetchException(Kind.BAD_BODY, "not a gzip body");
        }
        int flags = b[3] & 0xff;
        int at = 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (b.length < at + 2) {
                return -1;
            }
            at += 2 + ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8);
        }
        for (int flag : new int[] { 8, 16 }) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & flag) != 0) {
                while (at < b.length && b[at] != 0) {
                    at++;
                }
                if (at >= b.length) {
                    return -1;
                }
                at++;
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            at += 2;
        }
        return at <= b.length ? at : -1;
    }

    private FeedFetchException tooLarge(boolean decompressed) {
        return new FeedFetchException(Kind.TOO_LARGE,
                "body exceeds " + limitText + (decompressed ? " after decompression" : ""));
    }

    /** 5 MB, 512 KB, 1000 bytes. */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }
}
