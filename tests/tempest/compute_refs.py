"""Images and flavors for Tempest's compute runs (image_ref, image_ref_alt,
flavor_ref, flavor_ref_alt) in the cloud named by OS_CLOUD; prints the four
ids on one line.

    compute_refs.py WORKDIR [--image FILE --disk-format FMT] --flavor NAME:RAM_MB:DISK_GB ...

Without --image: two different 64 KiB random raw files (the fake driver
boots nothing). With --image: that file twice (a real guest, e.g. the tiny
guest of scripts/make-test-image), as two images."""
import argparse
import os

import openstack


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workdir")
    p.add_argument("--image")
    p.add_argument("--disk-format", default="raw")
    p.add_argument("--flavor", action="append", required=True)
    args = p.parse_args()
    conn = openstack.connect()
    ids = []
    for name in ("tempest-image", "tempest-image-alt"):
        path = args.image
        if path is None:
            path = os.path.join(args.workdir, name + ".img")
            with open(path, "wb") as f:
                f.write(os.urandom(64 * 1024))
        ids.append(conn.image.create_image(name, filename=path, disk_format=args.disk_format,
                                           container_format="bare", visibility="public",
                                           wait=True).id)
    for spec in args.flavor:
        name, ram, disk = spec.split(":")
        ids.append(conn.compute.create_flavor(name=name, ram=int(ram), vcpus=1,
                                              disk=int(disk)).id)
    print(" ".join(ids))


if __name__ == "__main__":
    main()
