# SIMULATION, NOT THE KERNEL (corpus case `modprobe`). The lab hosts share the machine's
# kernel, which has no loadable modules (no /proc/modules, no /lib/modules/<release>), and a
# module loaded on a host would be loaded on the machine: the lab's stand-in modprobe
# (test/lab/sim/modprobe) keeps what it "loaded" in /run/sim-modprobe/NAME instead. Found
# first on PYTHONPATH, this makes Python's open() of /proc/modules read that list in the
# kernel's format, and of a missing modules.builtin read nothing (no built-in module), so
# community.general.modprobe sees what runbook sees through the lab's stand-in lsmod.
import builtins
import io
import os
import platform

_real_open = builtins.open
_RUN = '/run/sim-modprobe'
_BUILTIN = os.path.join('/lib/modules/', platform.release(), 'modules.builtin')


def _stand_in_open(file, *args, **kwargs):
    if file == '/proc/modules':
        names = sorted(os.listdir(_RUN)) if os.path.isdir(_RUN) else []
        return io.StringIO(''.join('%s 16384 0 - Live 0x0000000000000000\n' % n for n in names))
    if file == _BUILTIN and not os.path.exists(file):
        return io.StringIO('')
    return _real_open(file, *args, **kwargs)


builtins.open = _stand_in_open
