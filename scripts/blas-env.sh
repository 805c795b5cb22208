# shellcheck shell=sh
# Source this file (`. scripts/blas-env.sh`) to export OPENBLAS_CORETYPE for this CPU.
#
# Why: the OpenBLAS bundled with ND4J 1.0.0-M2.1 (0.3.19) does not recognise recent CPUs (e.g. recent
# Xeons, AMD Zen 4) and falls back to a generic kernel about 5x slower (gemm 1024^3: 61 vs 286 GFLOP/s
# on the development machine). OpenBLAS reads the variable once, when the library loads, so it has to
# be in the environment before the JVM starts: ./ndgrad, scripts/java-blas (Surefire's test JVMs) and
# .ci/run all source this file.
#
# Rules: a non-empty OPENBLAS_CORETYPE set by the user is never changed; a core type is chosen only when
# /proc/cpuinfo shows every instruction set its kernels use, so it is never forced onto a CPU that lacks
# them:
#   avx512f avx512vl avx512bw avx512dq -> SkylakeX  (avx512f alone is not enough: Xeon Phi has no VL/BW/DQ)
#   avx2 fma                           -> Haswell
#   otherwise (or no /proc/cpuinfo)    -> unset; OpenBLAS detects the CPU itself
# POSIX sh: it is sourced by bash and sh scripts alike, and leaves no other variables behind.

if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
  _ndgrad_flags=" $(grep -m 1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  _ndgrad_has() {
    for _ndgrad_f in "$@"; do
      case "$_ndgrad_flags" in *" $_ndgrad_f "*) ;; *) return 1 ;; esac
    done
  }
  if _ndgrad_has avx512f avx512vl avx512bw avx512dq; then
    OPENBLAS_CORETYPE=SkylakeX
    export OPENBLAS_CORETYPE
  elif _ndgrad_has avx2 fma; then
    OPENBLAS_CORETYPE=Haswell
    export OPENBLAS_CORETYPE
  fi
  unset -f _ndgrad_has
  unset _ndgrad_flags _ndgrad_f
fi
