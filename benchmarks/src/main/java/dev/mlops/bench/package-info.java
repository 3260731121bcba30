/**
 * JMH benchmarks of mlops-core. Build with {@code mvn -pl benchmarks -am package -DskipTests}
 * and run with {@code java -jar benchmarks/target/benchmarks.jar NAME}; results go to
 * {@code docs/benchmarks.md} with the command and the machine.
 */
package dev.mlops.bench;
