/** The Sanke SFU. */
package io.sanke.media;
