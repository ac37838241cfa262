package io.sanke.recorder.capture;

/** Audio or video. */
public enum TrackKind { AUDIO, VIDEO }
