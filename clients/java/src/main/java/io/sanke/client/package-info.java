/** The headless classroom client on webrtc-java, used by tests and load tests. */
package io.sanke.client;
