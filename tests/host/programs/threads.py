# Several threads allocating and freeing at the same time (the interpreter releases its
# lock around many allocations in bytes/str building, compression and hashing).
import hashlib
import threading
import zlib

results = {}


def work(n):
    digest = hashlib.sha256()
    for i in range(3_000):
        chunk = ("%d-%d," % (n, i) * (i % 300 + 1)).encode()
        packed = zlib.compress(chunk, 6)
        digest.update(zlib.decompress(packed))
        digest.update(str([len(packed)] * (i % 50)).encode())
    results[n] = digest.hexdigest()


threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for n in sorted(results):
    print(n, results[n])
