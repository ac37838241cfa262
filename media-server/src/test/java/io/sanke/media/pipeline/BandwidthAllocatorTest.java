package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtpPacket;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BandwidthAllocatorTest {

    private static LayerSelector selector() {
        LayerSelector s = new LayerSelector(Codec.VP8, ssrc -> { });
        for (int l = 0; l < 3; l++) {
            PacketInfo i = new PacketInfo(RtpPacket.builder().ssrc(10 + l).payload(new byte[] {0x10}).build(), 0);
            i.setLayer(l);
            s.process(i);
        }
        s.setLayerBitrates(150_000, 500_000, 1_500_000);
        return s;
    }

    @Test
    @DisplayName("everyone gets the lowest layer first, then the first in priority climbs as high as the budget pays")
    void priorityOrder() {
        LayerSelector teacher = selector();
        LayerSelector a = selector();
        LayerSelector b = selector();
        List<LayerSelector> all = List.of(teacher, a, b);
        assertArrayEquals(new int[] {2, 1, 0}, BandwidthAllocator.allocate(2_200_000, all));
        assertEquals(2, teacher.targetLayer());
        assertEquals(1, a.targetLayer());
        assertEquals(0, b.targetLayer());
        assertArrayEquals(new int[] {0, 0, 0}, BandwidthAllocator.allocate(100_000, all), "the floor is layer 0");
        teacher.setMaxLayer(1);
        b.pause();
        assertArrayEquals(new int[] {1, 2, -1}, BandwidthAllocator.allocate(2_200_000, all));
        assertEquals(1, teacher.targetLayer());
        assertEquals(2, a.targetLayer());
    }
}
