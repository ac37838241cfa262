package io.sanke.recorder.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One FFmpeg decoder (VP8, H.264 or Opus) fed with whole encoded frames. The frame
 * handed to the consumer is only valid during the call. A frame the decoder refuses
 * is counted, never thrown.
 */
final class Decoder implements AutoCloseable {
  private final AVCodecContext ctx;
  private final AVPacket packet;
  private final AVFrame frame;
  private long errors;

  Decoder(String codec) {
    int id = switch (codec) {
      case "VP8" -> AV_CODEC_ID_VP8;
      case "H264" -> AV_CODEC_ID_H264;
      case "opus" -> AV_CODEC_ID_OPUS;
      default -> throw new TranscodeException(TranscodeException.CODEC, "no decoder [codec:%s]", codec);
    };
    AVCodec c = avcodec_find_decoder(id);
    if (c == null) {
      throw new TranscodeException(TranscodeException.CODEC, "decoder missing in this FFmpeg [codec:%s]", codec);
    }
    ctx = avcodec_alloc_context3(c);
    ctx.thread_count(1);
    if (id == AV_CODEC_ID_OPUS) {
      ctx.sample_rate(AudioMixer.RATE);
      av_channel_layout_default(ctx.ch_layout(), 2);
    }
    if (avcodec_open2(ctx, c, (AVDictionary) null) < 0) {
      throw new TranscodeException(TranscodeException.CODEC, "decoder not opened [codec:%s]", codec);
    }
    packet = av_packet_alloc();
    frame = av_frame_alloc();
  }

  void decode(EncodedFrame f, long ptsMicros, Consumer<AVFrame> out) {
    if (av_new_packet(packet, f.data().length) < 0) {
      errors++;
      return;
    }
    packet.data().put(f.data());
    packet.pts(ptsMicros);
    packet.dts(ptsMicros);
    int r = avcodec_send_packet(ctx, packet);
    av_packet_unref(packet);
    if (r < 0) {
      errors++;
      return;
    }
    while (avcodec_receive_frame(ctx, frame) >= 0) {
      if (frame.pts() == AV_NOPTS_VALUE) {
        frame.pts(ptsMicros);
      }
      out.accept(frame);
      av_frame_unref(frame);
    }
  }

  long errors() {
    return errors;
  }

  @Override
  public void close() {
    av_frame_free(frame);
    av_packet_free(packet);
    avcodec_free_context(ctx);
  }
}
