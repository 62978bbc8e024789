# Sourced by the benchmarks: PIN is the command that pins a run to one core
# (empty when taskset cannot), PINCPU that core.  The last CPU, not CPU 0: CPU 0
# takes the machine's interrupts and housekeeping (on the project's 2-CPU VM a
# run pinned to CPU 0 was up to 1.5x slower than the same run on CPU 1).
PINCPU=$(( $(nproc 2>/dev/null || echo 1) - 1 ))
PIN=""
taskset -c "$PINCPU" true >/dev/null 2>&1 && PIN="taskset -c $PINCPU"
