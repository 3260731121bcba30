/**
 * Model quality gates as JUnit 5 tests: {@link dev.mlops.junit.ModelGate} resolves and injects the
 * candidate model (and a baseline), {@link dev.mlops.junit.ModelAssertions} asserts single gates
 * fluently, and {@link dev.mlops.junit.DeclaredGates} turns the declared gates into one test each.
 * The gate logic itself lives in {@code dev.mlops.gate}; this package only translates verdicts into
 * test outcomes: pass, failure, abort (inconclusive) or a logged warning. Compiled against
 * junit-jupiter-api 5.14 and tested on JUnit 6 as well.
 */
package dev.mlops.junit;
