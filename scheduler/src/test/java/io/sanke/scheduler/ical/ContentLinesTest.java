package io.sanke.scheduler.ical;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folding and escaping of single content lines. */
class ContentLinesTest {

    private static String fold(String name, String value) {
        return new ContentLines().add(name, value).toString();
    }

    @Test
    void a_line_of_exactly_75_octets_is_not_folded() {
        String value = "x".repeat(75 - "SUMMARY:".length());
        assertEquals("SUMMARY:" + value + "\r\n", fold("SUMMARY", value));
    }

    @Test
    void a_line_of_76_octets_is_folded_with_one_leading_space() {
        String value = "x".repeat(76 - "SUMMARY:".length());
        assertEquals("SUMMARY:" + value.substring(1) + "\r\n x\r\n", fold("SUMMARY", value));
    }

    @Test
    void a_three_octet_character_that_would_cross_the_limit_moves_whole_to_the_next_line() {
        // 8 + 66 = 74 octets, then 课 (3 octets) would make 77
        String out = fold("SUMMARY", "x".repeat(66) + "课");
        assertEquals("SUMMARY:" + "x".repeat(66) + "\r\n 课\r\n", out);
    }

    @Test
    void a_four_octet_character_outside_the_bmp_is_never_split() {
        String emoji = "\uD83D\uDCDA"; // 📚
        String out = fold("SUMMARY", emoji.repeat(40));
        for (String line : out.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
            // a lone surrogate would not survive encoding (it becomes '?')
            assertEquals(line, new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        assertEquals("SUMMARY:" + emoji.repeat(40), out.replace("\r\n ", "").replace("\r\n", ""));
    }

    @Test
    void text_escaping_covers_backslash_semicolon_comma_and_every_line_break() {
        assertEquals("a\\\\b\\;c\\,d\\ne\\nf\\ng h", ContentLines.escape("a\\b;c,d\r\ne\nf\rg\u0007h"));
    }
}
