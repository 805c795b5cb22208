/**
 * The main job ({@code ./ndgrad demo}): being written on {@code main} by the integrator; the {@code examples}
 * branch leaves this package alone (it only registers the subcommand in Main).
 */
package dev.ndgrad.examples.demo;
