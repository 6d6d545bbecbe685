# Allocates a lot in many sizes, frees most of it, and prints digests of the results:
# the output must not depend on which malloc the interpreter runs on.
import hashlib
import json
import random

rng = random.Random(20240611)
digest = hashlib.sha256()

# Big lists of ints and strings, sorted.
numbers = [rng.randrange(1 << 40) for _ in range(300_000)]
words = ["w%x" % rng.randrange(1 << 32) * rng.randrange(1, 6) for _ in range(200_000)]
numbers.sort()
words.sort()
digest.update(repr(numbers[::997]).encode())
digest.update("".join(words[::499]).encode())
print("lists", len(numbers), len(words), numbers[len(numbers) // 2], words[0][:12])

# A dict of lists, grown and shrunk, then a JSON round trip.
table = {}
for i in range(150_000):
    table["k%d" % rng.randrange(60_000)] = [i] * rng.randrange(1, 20)
for key in list(table)[::3]:
    del table[key]
text = json.dumps(table, sort_keys=True)
again = json.loads(text)
assert again == table
digest.update(text.encode())
print("dict", len(table), len(text))

# Many short-lived objects of growing size (realloc-like growth of bytearrays).
blob = bytearray()
for i in range(20_000):
    blob += bytes([i % 251]) * (i % 97)
    if len(blob) > 1 << 20:
        digest.update(blob)
        blob = bytearray()
digest.update(blob)

# Free most of it.
del numbers, words, table, again, text, blob
print("sha256", digest.hexdigest())
