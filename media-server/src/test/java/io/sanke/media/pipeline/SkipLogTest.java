package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SkipLogTest {
    @Test
    @DisplayName("counts the skipped values newer than a late one, across the wrap")
    void countsAcrossTheWrap() {
        SkipLog log = new SkipLog(8);
        log.clear(0x10000);
        log.add(65_533);
        log.add(65_535);
        log.add(1);
        assertEquals(3, log.countNewerThan(65_530));
        assertEquals(2, log.countNewerThan(65_534));
        assertEquals(1, log.countNewerThan(0));
        assertEquals(0, log.countNewerThan(1));
        assertTrue(log.contains(65_535));
        assertFalse(log.contains(0));
    }

    @Test
    @DisplayName("once values were forgotten, a value older than all it holds is unknown")
    void forgetsTheOldest() {
        SkipLog log = new SkipLog(4);
        log.clear(0x8000);
        for (int v = 32_760; v < 32_770; v++) {
            log.add(v);
        }
        assertEquals(4, log.size());
        assertEquals(2, log.countNewerThan(32_767 & 0x7FFF));
        assertEquals(-1, log.countNewerThan(32_760), "older than everything held, and some were forgotten");
        log.clear(0x8000);
        assertEquals(0, log.countNewerThan(5));
    }
}
