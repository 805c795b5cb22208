/** JMH benchmarks: the framework's per-op overhead and end-to-end training throughput. See BENCHMARKS.md. */
package dev.ndgrad.tests.bench;
