#!/usr/bin/env python3
"""Combines a board kernel and app images into one raw flash image.

  flash_image.py --out flash.bin --kernel kernel.bin --app app.bin@0x100000 ...
                 [--base 0x80000000] [--damage APP_NAME:HOW ...]

The kernel goes at offset 0, which is address --base (default 0). Each app goes at its
address (offset address - base), after its Tide app header
(abi/include/tide/abi/app_header.h) is checked against the file and its checksum sealed
(XOR of the header's first 11 words). --damage breaks one app on purpose, so tests can
check the kernel's load errors: magic, checksum, version, truncate (image_size larger
than the slot holds), ram (min_ram too large for any block), entry (outside the image).

--pad pmsav7 pads each image (and its header's image_size) so that one Cortex-M MPU
region with subregions covers its flash exactly: a multiple of 1/8 of the next power
of two, at least 256 bytes. --pad word pads to 4 bytes (RISC-V PMP TOR).
"""
import argparse
import struct
import sys

HEADER = struct.Struct("<IHHIIIII16sI")
MAGIC = 0x45444954


def seal(image: bytearray) -> None:
    words = struct.unpack_from("<11I", image, 0)
    checksum = 0
    for word in words:
        checksum ^= word
    struct.pack_into("<I", image, 44, checksum)


def padded_size(size: int, how: str) -> int:
    if how == "word":
        return (size + 3) // 4 * 4
    region = 256
    while region < size:
        region *= 2
    step = region // 8
    return (size + step - 1) // step * step


def damage(image: bytearray, how: str) -> None:
    fields = list(HEADER.unpack_from(image, 0))
    if how == "magic":
        fields[0] ^= 0xFF
    elif how == "version":
        fields[1] = 77
    elif how == "truncate":
        fields[3] = 0x7FFFFFF0
    elif how == "ram":
        fields[5] = 0x40000000
    elif how == "entry":
        fields[4] = fields[3] + 64
    elif how != "checksum":
        sys.exit(f"flash_image: unknown damage '{how}'")
    HEADER.pack_into(image, 0, *fields)
    seal(image)
    if how == "checksum":
        image[44] ^= 0x5A


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--app", action="append", default=[])
    parser.add_argument("--damage", action="append", default=[])
    parser.add_argument("--pad", choices=["pmsav7", "word"], default="word")
    parser.add_argument("--base", type=lambda text: int(text, 0), default=0)
    args = parser.parse_args()

    damages = dict(item.split(":", 1) for item in args.damage)
    flash = bytearray(open(args.kernel, "rb").read())
    for spec in args.app:
        path, address = spec.rsplit("@", 1)
        address = int(address, 0) - args.base
        image = bytearray(open(path, "rb").read())
        fields = HEADER.unpack_from(image, 0)
        if fields[0] != MAGIC:
            sys.exit(f"flash_image: {path} has no Tide app header")
        if fields[3] != len(image):
            sys.exit(f"flash_image: {path}: header says {fields[3]} bytes, file has {len(image)}")
        name = fields[8].rstrip(b"\0").decode()
        image.extend(b"\0" * (padded_size(len(image), args.pad) - len(image)))
        struct.pack_into("<I", image, 8, len(image))
        seal(image)
        if name in damages:
            damage(image, damages.pop(name))
        if address < len(flash) or address > 64 << 20:
            sys.exit(f"flash_image: {path} at offset {address:#x} overlaps what is before it"
                     " or lies past 64 MiB (wrong --base?)")
        flash.extend(b"\0" * (address - len(flash)))
        flash.extend(image)
    if damages:
        sys.exit(f"flash_image: no app named {', '.join(damages)} to damage")
    open(args.out, "wb").write(flash)


if __name__ == "__main__":
    main()
