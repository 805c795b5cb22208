# Sourced by the benchmark scripts: compiles the modules and the tests through the reactor (never installs:
# ~/.m2 may be shared with other checkouts) and sets $deps, the test classpath without ndgrad's own modules,
# which the scripts put first from a checkout's target/classes directories.
./mvnw -q -B -ntp -DskipTests test-compile dependency:build-classpath -pl tests -am \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
deps=$(tr ':' '\n' < tests/target/bench-classpath.txt | grep -v -e '/dev/ndgrad/ndgrad-' -e "^$PWD/" | paste -sd: -)
