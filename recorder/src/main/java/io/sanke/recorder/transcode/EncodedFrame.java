package io.sanke.recorder.transcode;

/** One encoded video frame or audio packet, put back together from RTP. */
record EncodedFrame(byte[] data, long timestamp, boolean keyframe) {}
