package io.sanke.scheduler.ical;

import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 5545 content lines: CRLF endings, folded so that no line exceeds 75
 * octets of UTF-8 (a continuation line starts with one space, which counts), never
 * splitting a multi-byte character; and escapes TEXT values. Knows nothing of
 * calendars or lessons.
 */
final class ContentLines {
    static final int MAX_OCTETS = 75;

    private final StringBuilder out = new StringBuilder();

    /** Appends {@code name:value}, folded; {@code name} may carry parameters ({@code DTSTART;TZID=…}). */
    ContentLines add(String name, String value) {
        fold(name + ":" + value);
        return this;
    }

    /** Appends a property whose value is TEXT, escaped. */
    ContentLines text(String name, String value) {
        return add(name, escape(value));
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void fold(String line) {
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = utf8Length(cp);
            if (octets + size > MAX_OCTETS) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }

    static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    /**
     * TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line
     * break (CRLF, LF, CR) as {@code \n}; other control characters, which TEXT may not
     * hold, become spaces.
     */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case ';' -> b.append("\\;");
                case ',' -> b.append("\\,");
                case '\r' -> {
                    b.append("\\n");
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                case '\n' -> b.append("\\n");
                default -> b.append(Character.isISOControl(c) && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    static int octets(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length;
    }
}
