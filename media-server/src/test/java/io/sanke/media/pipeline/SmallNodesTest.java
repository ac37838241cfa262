package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SmallNodesTest {
    private final FakeClock clock = new FakeClock();

    @Test
    @DisplayName("keyframe requests are throttled per SSRC and FIR numbers its commands")
    void keyframeRequester() {
        List<RtcpPacket> out = new ArrayList<>();
        KeyframeRequester pli = new KeyframeRequester(clock, 9, out::add);
        assertTrue(pli.request(1));
        assertFalse(pli.request(1));
        assertTrue(pli.request(2), "another SSRC is not throttled");
        clock.advanceMillis(299);
        assertFalse(pli.request(1));
        clock.advanceMillis(1);
        assertTrue(pli.request(1));
        assertEquals(List.of(new RtcpPacket.Pli(9, 1), new RtcpPacket.Pli(9, 2), new RtcpPacket.Pli(9, 1)), out);
        assertEquals(2, pli.throttled());

        out.clear();
        KeyframeRequester fir = new KeyframeRequester(clock, 9, out::add, Duration.ofMillis(100), true);
        fir.request(5);
        clock.advanceMillis(100);
        fir.request(5);
        assertEquals(1, ((RtcpPacket.Fir) out.get(0)).entries().get(0).sequenceNumber());
        assertEquals(2, ((RtcpPacket.Fir) out.get(1)).entries().get(0).sequenceNumber());
    }

    @Test
    @DisplayName("the simulcast demux learns layers from rid and drops streams it cannot place")
    void simulcastDemux() {
        List<PacketInfo> out = new ArrayList<>();
        SimulcastDemux demux = new SimulcastDemux(10, List.of("q", "h", "f"));
        demux.attach(new PacketSink("out", out::add));
        demux.process(new PacketInfo(RtpPacket.builder().ssrc(7).extension(10, "h".getBytes()).build(), 0));
        demux.process(new PacketInfo(RtpPacket.builder().ssrc(7).build(), 0));
        demux.process(new PacketInfo(RtpPacket.builder().ssrc(8).build(), 0));
        demux.process(new PacketInfo(RtpPacket.builder().ssrc(9).extension(10, "x".getBytes()).build(), 0));
        assertEquals(2, out.size());
        assertEquals(1, out.get(1).layer());
        assertEquals(1, demux.layerOf(7));
        assertTrue(demux.stats().extra().startsWith("unknownStream=2"));
        SimulcastDemux single = SimulcastDemux.single();
        single.attach(new PacketSink("out", out::add));
        single.process(new PacketInfo(RtpPacket.builder().ssrc(8).build(), 0));
        assertEquals(0, out.get(2).layer());
    }

    @Test
    @DisplayName("the audio level reader fills the packet info and tells the listener")
    void audioLevelReader() {
        List<String> heard = new ArrayList<>();
        AudioLevelReader reader = new AudioLevelReader(1,
            (ssrc, level, voice, at) -> heard.add(ssrc + ":" + level + ":" + voice + ":" + at));
        PacketInfo info = new PacketInfo(RtpPacket.builder().ssrc(3)
            .extension(1, new byte[] {HeaderExtensions.audioLevelByte(true, 33)}).build(), 1234);
        reader.process(info);
        reader.process(new PacketInfo(RtpPacket.builder().ssrc(3).build(), 0));
        assertEquals(33, info.audioLevel());
        assertTrue(info.voice());
        assertEquals(List.of("3:33:true:1234"), heard);
        assertEquals(2, reader.stats().packetsOut());
    }

    @Test
    @DisplayName("the transport-cc tagger numbers packets in one space and reports them to the estimator")
    void transportCcTagger() {
        BandwidthEstimator bwe = new BandwidthEstimator(clock, BandwidthEstimator.Config.DEFAULT);
        TransportCcTagger tagger = new TransportCcTagger(5, clock, bwe);
        List<RtpPacket> out = new ArrayList<>();
        tagger.attach(new PacketSink("out", i -> out.add(i.rtp())));
        for (long ssrc : new long[] {1, 2, 1}) {
            tagger.process(new PacketInfo(RtpPacket.builder().ssrc(ssrc).extension(5, new byte[2]).build(), 0));
        }
        tagger.process(new PacketInfo(RtpPacket.builder().ssrc(3).build(), 0));
        assertEquals(List.of(0, 1, 2, -1), out.stream().map(p -> HeaderExtensions.transportCcSeq(p, 5)).toList());
        long[] arrivals = {64_000, 65_000, RtcpPacket.TransportCc.NOT_RECEIVED};
        bwe.onTransportCc(new RtcpPacket.TransportCc(1, 2, 0, 1, 0, arrivals));
        assertEquals(1.0 / 3, bwe.lastLoss(), 1e-9);
    }

    @Test
    @DisplayName("the parser strips padding and drops padding-only probes")
    void parserPadding() {
        RtpParser parser = new RtpParser();
        List<PacketInfo> out = new ArrayList<>();
        parser.attach(new PacketSink("out", out::add));
        RtpPacket probe = RtpPacket.builder().ssrc(1).padding(200).build();
        RtpPacket padded = RtpPacket.builder().ssrc(1).payload(new byte[] {7}).padding(3).build();
        parser.process(new PacketInfo(new io.sanke.media.rtp.Packet(probe.buffer(), 0, probe.length()), 0));
        parser.process(new PacketInfo(new io.sanke.media.rtp.Packet(padded.buffer(), 0, padded.length()), 0));
        assertEquals(1, parser.paddingOnly());
        assertEquals(1, out.size());
        assertEquals(13, out.get(0).packet().length());
    }
}
