/** The composition root: the all-in-one {@code sanke-server} launcher. */
package io.sanke.infra;
