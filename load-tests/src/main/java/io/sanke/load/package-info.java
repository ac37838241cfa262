/** Benchmarks and load tests; never needed by production code. */
package io.sanke.load;
