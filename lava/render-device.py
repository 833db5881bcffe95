#!/usr/bin/env python3
"""render-device.py DICT.jinja2 DEVICE_TYPES_DIR JOB.yaml OUT.yaml

Render a LAVA device dictionary the way lava-server does for a job: the
dictionary extends a device-type template of DEVICE_TYPES_DIR (lava-server's
device-types/, e.g. qemu.jinja2 and base.jinja2), the job's "context:" gives
the template variables.  The result must be YAML (a mapping); it is written
to OUT.yaml for lava-run --device.  Needs python3-jinja2 and python3-yaml.
"""
import os
import sys

import jinja2
import yaml


def main(argv):
    if len(argv) != 5:
        sys.exit("usage: render-device.py DICT.jinja2 DEVICE_TYPES_DIR JOB.yaml OUT.yaml")
    dict_path, types_dir, job_path, out_path = argv[1:]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            [os.path.dirname(os.path.abspath(dict_path)), types_dir]),
        autoescape=False, trim_blocks=True)
    with open(job_path) as f:
        ctx = (yaml.safe_load(f) or {}).get("context", {}) or {}
    try:
        text = env.get_template(os.path.basename(dict_path)).render(**ctx)
    except jinja2.TemplateNotFound as exc:
        sys.exit("render-device.py: template %s not found in %s or next to %s"
                 % (exc.name, types_dir, dict_path))
    device = yaml.safe_load(text)
    if not isinstance(device, dict):
        sys.exit("render-device.py: %s does not render to a YAML mapping" % dict_path)
    with open(out_path, "w") as f:
        f.write(text)
    print(out_path)


if __name__ == "__main__":
    main(sys.argv)
