/** Capture of plain RTP, transcoding, the resource repository, recording jobs and the review workflow. */
package io.sanke.recorder;
