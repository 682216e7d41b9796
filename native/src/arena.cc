// The node's object store arena: one large shared-memory segment that objects are allocated
// inside, and a block table (a second, small segment) that every thread and process of the
// node shares through a process-shared mutex.
//
// Why an arena rather than a segment per object: memory that was written once stays faulted
// in, so a put into a freed block runs at memcpy speed, where a fresh segment pays a page fault
// and a page zeroing per 4 KiB. Why a table in shared memory: a writer in any thread or process
// must allocate synchronously, in the middle of serializing a value.
//
// Blocks are found by name (the name a serialized value carries), so the owner can spill an
// object to disk and restore it at another offset without rewriting the values that refer to it.
// A reader maps each block it reads as its own external ArrayBuffer (mmap of the arena file at
// the block's page-aligned offset): the mapping counts as a pin, and the block's memory is only
// reused after the last such ArrayBuffer is collected, whatever views of it the program keeps.

#include "arena.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tsray {
namespace {

constexpr uint64_t kMagic = 0x7473726179617231ULL;  // "tsrayar1"
constexpr uint64_t kAlign = 4096;                    // mmap offsets are page-aligned
constexpr uint32_t kMaxBlocks = 1 << 15;
constexpr uint32_t kNameBytes = 80;
constexpr int32_t kNone = -1;

// kCreating: allocated and being written (a pull from another node), invisible to Find until
// sealed, so no reader ever maps a half-written block.
enum State : uint32_t { kFree = 0, kUsed = 1, kZombie = 2, kCreating = 3 };

// One extent of the arena. Extents form a list in address order (free ones included) so that
// a freed block merges with free neighbours.
struct Block {
  uint64_t offset;
  uint64_t size;   // extent length (page multiple)
  uint64_t bytes;  // the object's exact length, when used
  uint32_t state;
  int32_t maps;        // live reader mappings (external ArrayBuffers) of this block
  int32_t prev;
  int32_t next;
  int32_t next_slot;   // free-slot stack link for unused table entries
  char name[kNameBytes];
};

struct Header {
  uint64_t magic;
  uint64_t capacity;
  uint64_t used;
  uint32_t objects;
  int32_t first;       // first extent in address order
  int32_t free_slot;   // top of the stack of unused table entries
  pthread_mutex_t mutex;
  Block blocks[kMaxBlocks];
};

struct Attached {
  std::string prefix;
  Header* header = nullptr;
  int arena_fd = -1;
  uint8_t* arena = nullptr;
  uint64_t capacity = 0;
};

Attached g;  // one attachment per process: every thread of the process shares it
pthread_mutex_t g_attach = PTHREAD_MUTEX_INITIALIZER;

class Lock {
 public:
  explicit Lock(Header* h) : m_(&h->mutex) {
    // A process that died holding the lock leaves it "owner dead": the table is consistent at
    // every point where the lock could be lost (each update is a few stores), so take it over.
    if (pthread_mutex_lock(m_) == EOWNERDEAD) pthread_mutex_consistent(m_);
  }
  ~Lock() { pthread_mutex_unlock(m_); }

 private:
  pthread_mutex_t* m_;
};

std::string HeaderName(const std::string& prefix) { return prefix + "store"; }
std::string ArenaName(const std::string& prefix) { return prefix + "arena"; }

int32_t TakeSlot(Header* h) {
  int32_t s = h->free_slot;
  if (s != kNone) h->free_slot = h->blocks[s].next_slot;
  return s;
}

void GiveSlot(Header* h, int32_t s) {
  h->blocks[s].state = kFree;
  h->blocks[s].name[0] = 0;
  h->blocks[s].next_slot = h->free_slot;
  h->free_slot = s;
}

// Marks a block free and merges it with free neighbours.
void Release(Header* h, int32_t i) {
  Block* b = &h->blocks[i];
  h->used -= b->size;
  b->state = kFree;
  b->name[0] = 0;
  b->maps = 0;
    int32_t n = b->next;
  if (n != kNone && h->blocks[n].state == kFree) {
    b->size += h->blocks[n].size;
    b->next = h->blocks[n].next;
    if (b->next != kNone) h->blocks[b->next].prev = i;
    GiveSlot(h, n);
  }
  int32_t p = b->prev;
  if (p != kNone && h->blocks[p].state == kFree) {
    h->blocks[p].size += b->size;
    h->blocks[p].next = b->next;
    if (b->next != kNone) h->blocks[b->next].prev = p;
    GiveSlot(h, i);
  }
}

// First fit over the extents; splits the one it takes. kNone when nothing fits.
int32_t Allocate(Header* h, uint64_t size, const std::string& name) {
  uint64_t need = (size + kAlign - 1) / kAlign * kAlign;
  if (need == 0) need = kAlign;
  for (int32_t i = h->first; i != kNone; i = h->blocks[i].next) {
    Block* b = &h->blocks[i];
    if (b->state != kFree || b->size < need) continue;
    if (b->size > need) {
      int32_t s = TakeSlot(h);
      if (s == kNone) return kNone;  // table full: the caller falls back to a segment
      Block* rest = &h->blocks[s];
      b = &h->blocks[i];
      rest->offset = b->offset + need;
      rest->size = b->size - need;
      rest->state = kFree;
      rest->maps = 0;
      rest->name[0] = 0;
      rest->prev = i;
      rest->next = b->next;
      if (b->next != kNone) h->blocks[b->next].prev = s;
      b->next = s;
      b->size = need;
    }
    b->state = kUsed;
    b->bytes = size;
    b->maps = 0;
        std::strncpy(b->name, name.c_str(), kNameBytes - 1);
    b->name[kNameBytes - 1] = 0;
    h->used += b->size;
    h->objects++;
    return i;
  }
  return kNone;
}

// The used block with this name; `hint` (the index it had when written) is tried first.
int32_t Find(Header* h, const std::string& name, int32_t hint) {
  if (hint >= 0 && hint < static_cast<int32_t>(kMaxBlocks) && h->blocks[hint].state == kUsed &&
      name == h->blocks[hint].name) {
    return hint;
  }
  for (int32_t i = h->first; i != kNone; i = h->blocks[i].next) {
    if (h->blocks[i].state == kUsed && name == h->blocks[i].name) return i;
  }
  return kNone;
}

// A fast 64-bit checksum of spilled bytes (multiply-xor over 8-byte words): it runs at memory
// speed while the bytes are copied, and catches a spill file changed or mixed up on disk.
uint64_t Checksum(const uint8_t* p, uint64_t n, uint64_t h) {
  constexpr uint64_t kPrime = 0x100000001b3ULL;
  uint64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * kPrime;
    h ^= h >> 29;
  }
  for (; i < n; i++) h = (h ^ p[i]) * kPrime;
  return h;
}

std::string Hex(uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Napi::Value Throw(Napi::Env env, const std::string& msg, int err) {
  Napi::Error e = Napi::Error::New(env, msg + (err ? std::string(": ") + std::strerror(err) : ""));
  e.Set("code", Napi::String::New(env, "ESTORE"));
  e.ThrowAsJavaScriptException();
  return env.Undefined();
}

bool RequireAttached(Napi::Env env) {
  if (g.header) return true;
  Throw(env, "the object store arena is not attached in this process", 0);
  return false;
}

void* MapShared(int fd, size_t length, off_t offset) {
  return mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
}

bool AttachExisting(const std::string& prefix, std::string* error) {
  int hfd = shm_open(HeaderName(prefix).c_str(), O_RDWR, 0600);
  if (hfd < 0) {
    *error = "cannot open the object store table " + HeaderName(prefix) + ": " + std::strerror(errno);
    return false;
  }
  void* h = MapShared(hfd, sizeof(Header), 0);
  close(hfd);
  if (h == MAP_FAILED) {
    *error = std::string("cannot map the object store table: ") + std::strerror(errno);
    return false;
  }
  Header* header = static_cast<Header*>(h);
  int afd = shm_open(ArenaName(prefix).c_str(), O_RDWR, 0600);
  if (header->magic != kMagic || afd < 0) {
    *error = "the object store arena " + ArenaName(prefix) + " is missing or not a tsray store";
    if (afd >= 0) close(afd);
    munmap(h, sizeof(Header));
    return false;
  }
  void* a = header->capacity == 0 ? nullptr : MapShared(afd, header->capacity, 0);
  if (a == MAP_FAILED) {
    *error = std::string("cannot map the object store arena: ") + std::strerror(errno);
    close(afd);
    munmap(h, sizeof(Header));
    return false;
  }
  g.prefix = prefix;
  g.header = header;
  g.arena_fd = afd;
  g.arena = static_cast<uint8_t*>(a);
  g.capacity = header->capacity;
  return true;
}

void DetachLocked() {
  if (!g.header) return;
  if (g.arena && g.capacity) munmap(g.arena, g.capacity);
  munmap(g.header, sizeof(Header));
  close(g.arena_fd);
  g = Attached{};
}

// storeCreate(prefix, capacity): creates the table and the (sparse) arena, and attaches.
Napi::Value StoreCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsNumber()) {
    Napi::TypeError::New(env, "storeCreate(prefix: string, capacity: number)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string prefix = info[0].As<Napi::String>();
  uint64_t capacity = static_cast<uint64_t>(info[1].As<Napi::Number>().DoubleValue()) / kAlign * kAlign;
  pthread_mutex_lock(&g_attach);
  DetachLocked();
  int hfd = shm_open(HeaderName(prefix).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  int afd = hfd < 0 ? -1 : shm_open(ArenaName(prefix).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  int err = errno;
  bool ok = afd >= 0 && ftruncate(hfd, sizeof(Header)) == 0 && ftruncate(afd, capacity) == 0;
  if (!ok) err = errno;
  void* h = ok ? MapShared(hfd, sizeof(Header), 0) : MAP_FAILED;
  if (hfd >= 0) close(hfd);
  if (afd >= 0) close(afd);
  if (h == MAP_FAILED) {
    shm_unlink(HeaderName(prefix).c_str());
    shm_unlink(ArenaName(prefix).c_str());
    pthread_mutex_unlock(&g_attach);
    return Throw(env, "cannot create the object store " + HeaderName(prefix), err ? err : errno);
  }
  Header* header = static_cast<Header*>(h);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&header->mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  header->capacity = capacity;
  header->used = 0;
  header->objects = 0;
  header->free_slot = kNone;
  for (int32_t i = kMaxBlocks - 1; i >= 1; i--) GiveSlot(header, i);
  Block* all = &header->blocks[0];
  all->offset = 0;
  all->size = capacity;
  all->state = kFree;
  all->prev = all->next = kNone;
  header->first = capacity ? 0 : kNone;
  if (!capacity) GiveSlot(header, 0);
  header->magic = kMagic;
  munmap(h, sizeof(Header));
  std::string error;
  bool attached = AttachExisting(prefix, &error);
  pthread_mutex_unlock(&g_attach);
  if (!attached) return Throw(env, error, 0);
  return env.Undefined();
}

// storeAttach(prefix): maps an existing store into this process (once; later calls are free).
Napi::Value StoreAttach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    Napi::TypeError::New(env, "storeAttach(prefix: string)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string prefix = info[0].As<Napi::String>();
  pthread_mutex_lock(&g_attach);
  std::string error;
  bool ok = true;
  if (g.header == nullptr || g.prefix != prefix) {
    DetachLocked();
    ok = AttachExisting(prefix, &error);
  }
  pthread_mutex_unlock(&g_attach);
  if (!ok) return Throw(env, error, 0);
  return env.Undefined();
}

// storeDetach(): unmaps this process's view of the table and arena. Blocks already mapped by
// readers stay valid (their mappings are their own).
Napi::Value StoreDetach(const Napi::CallbackInfo& info) {
  pthread_mutex_lock(&g_attach);
  DetachLocked();
  pthread_mutex_unlock(&g_attach);
  return info.Env().Undefined();
}

// storePut(name, view): allocates a block, copies the view's bytes in, returns the block's
// index (a lookup hint), or -1 when the arena has no room.
Napi::Value StorePut(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsTypedArray()) {
    Napi::TypeError::New(env, "storePut(name: string, bytes: TypedArray)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string name = info[0].As<Napi::String>();
  Napi::TypedArray view = info[1].As<Napi::TypedArray>();
  const uint8_t* src = static_cast<const uint8_t*>(view.ArrayBuffer().Data()) + view.ByteOffset();
  size_t size = view.ByteLength();
  int32_t i;
  uint64_t offset;
  {
    Lock lock(g.header);
    i = Allocate(g.header, size, name);
    offset = i == kNone ? 0 : g.header->blocks[i].offset;
  }
  // The copy runs outside the lock: the block is ours, and nobody reads it before its name
  // reaches them in a message sent after this returns.
  if (i != kNone) std::memcpy(g.arena + offset, src, size);
  return Napi::Number::New(env, i);
}

struct BlockMapping {
  void* addr;
  size_t length;
  std::string prefix;
  int32_t index;
};

void Unpin(Napi::Env /*env*/, void* /*data*/, BlockMapping* m) {
  munmap(m->addr, m->length);
  pthread_mutex_lock(&g_attach);
  if (g.header && g.prefix == m->prefix) {
    Lock lock(g.header);
    Block* b = &g.header->blocks[m->index];
    if (b->state != kFree && --b->maps <= 0) {
      b->maps = 0;
      if (b->state == kZombie) Release(g.header, m->index);
    }
  }
  pthread_mutex_unlock(&g_attach);
  delete m;
}

// storeGet(name, hint): maps the named block as its own ArrayBuffer (a pin until it is
// collected), or undefined when the arena has no such block.
Napi::Value StoreGet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsNumber()) {
    Napi::TypeError::New(env, "storeGet(name: string, hint: number)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string name = info[0].As<Napi::String>();
  int32_t hint = info[1].As<Napi::Number>().Int32Value();
  uint64_t offset, size, length;
  int32_t i;
  {
    Lock lock(g.header);
    i = Find(g.header, name, hint);
    if (i == kNone) return env.Undefined();
    Block* b = &g.header->blocks[i];
    b->maps++;
    offset = b->offset;
    size = b->bytes;
    length = b->size;
  }
  void* addr = MapShared(g.arena_fd, length, static_cast<off_t>(offset));
  if (addr == MAP_FAILED) {
    int err = errno;
    Lock lock(g.header);
    g.header->blocks[i].maps--;
    return Throw(env, "cannot map object store block '" + name + "'", err);
  }
  auto* m = new BlockMapping{addr, length, g.prefix, i};
  return Napi::ArrayBuffer::New(env, addr, size, Unpin, m);
}

// storeDelete(name, hint): the owner is done with the block. Its memory is reused at once, or
// after the last reader mapping goes. False if there is no such block.
Napi::Value StoreDelete(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  std::string name = info[0].As<Napi::String>();
  int32_t hint = info[1].As<Napi::Number>().Int32Value();
  Lock lock(g.header);
  int32_t i = Find(g.header, name, hint);
  if (i == kNone) return Napi::Boolean::New(env, false);
  Block* b = &g.header->blocks[i];
  g.header->objects--;
  if (b->maps > 0) {
    b->state = kZombie;  // readers still map it: free on the last unmap
    b->name[0] = 0;
  } else {
    Release(g.header, i);
  }
  return Napi::Boolean::New(env, true);
}

// storeInfo(name, hint): { index, size, maps } of the named block, or undefined.
Napi::Value StoreInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  std::string name = info[0].As<Napi::String>();
  int32_t hint = info[1].As<Napi::Number>().Int32Value();
  Lock lock(g.header);
  int32_t i = Find(g.header, name, hint);
  if (i == kNone) return env.Undefined();
  Block* b = &g.header->blocks[i];
  Napi::Object o = Napi::Object::New(env);
  o.Set("index", i);
  o.Set("size", static_cast<double>(b->bytes));
  o.Set("maps", b->maps);
  return o;
}

// storeSpill(name, hint, fd, position): writes the block's bytes to a file; returns their
// checksum (hex), or undefined if there is no such block.
Napi::Value StoreSpill(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  std::string name = info[0].As<Napi::String>();
  int32_t hint = info[1].As<Napi::Number>().Int32Value();
  int fd = info[2].As<Napi::Number>().Int32Value();
  off_t position = static_cast<off_t>(info[3].As<Napi::Number>().DoubleValue());
  uint64_t length, offset;
  {
    Lock lock(g.header);
    int32_t i = Find(g.header, name, hint);
    if (i == kNone) return env.Undefined();
    length = g.header->blocks[i].bytes;
    offset = g.header->blocks[i].offset;
  }
  for (uint64_t done = 0; done < length;) {
    ssize_t n = pwrite(fd, g.arena + offset + done, length - done, position + done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Throw(env, "cannot write object store block '" + name + "' to its spill file", errno);
    done += static_cast<uint64_t>(n);
  }
  return Napi::String::New(env, Hex(Checksum(g.arena + offset, length, 0)));
}

// storeRestore(name, fd, position, length, checksum): reads bytes from a spill file into a new
// block of that name; returns its index, or -1 when the arena has no room. Throws when the file
// is short or its bytes do not match the checksum taken when they were spilled.
Napi::Value StoreRestore(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  std::string name = info[0].As<Napi::String>();
  int fd = info[1].As<Napi::Number>().Int32Value();
  off_t position = static_cast<off_t>(info[2].As<Napi::Number>().DoubleValue());
  uint64_t length = static_cast<uint64_t>(info[3].As<Napi::Number>().DoubleValue());
  std::string expected = info[4].As<Napi::String>();
  int32_t i;
  uint64_t offset;
  {
    Lock lock(g.header);
    i = Allocate(g.header, length, name);
    if (i == kNone) return Napi::Number::New(env, -1);
    offset = g.header->blocks[i].offset;
    // Hidden until the bytes are in: a reader must not map a half-read block.
    g.header->blocks[i].name[0] = 0;
  }
  for (uint64_t done = 0; done < length;) {
    ssize_t n = pread(fd, g.arena + offset + done, length - done, position + done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n == 0 ? EIO : errno;
      Lock lock(g.header);
      g.header->objects--;
      Release(g.header, i);
      return Throw(env, "cannot read object store block '" + name + "' from its spill file (" +
                            (n == 0 ? std::string("the file is shorter than recorded") : std::strerror(err)) + ")", 0);
    }
    done += static_cast<uint64_t>(n);
  }
  if (Hex(Checksum(g.arena + offset, length, 0)) != expected) {
    Lock lock(g.header);
    g.header->objects--;
    Release(g.header, i);
    return Throw(env, "object store block '" + name + "' is corrupt in its spill file (checksum mismatch)", 0);
  }
  Lock lock(g.header);
  std::strncpy(g.header->blocks[i].name, name.c_str(), kNameBytes - 1);
  return Napi::Number::New(env, i);
}

// The block at `index` if it is being created under `name` (a caller's index may be stale if
// it aborted, or bogus): kNone otherwise.
int32_t CreatingBlock(Header* h, int32_t index, const std::string& name) {
  if (index < 0 || index >= static_cast<int32_t>(kMaxBlocks)) return kNone;
  Block* b = &h->blocks[index];
  return b->state == kCreating && name == b->name ? index : kNone;
}

// storeCreateHidden(name, size): allocates a block that readers cannot find until storeSeal;
// returns its index, or -1 when the arena has no room. Bytes go in with storeWrite.
Napi::Value StoreCreateHidden(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsNumber()) {
    Napi::TypeError::New(env, "storeCreateHidden(name: string, size: number)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string name = info[0].As<Napi::String>();
  double size = info[1].As<Napi::Number>().DoubleValue();
  if (!(size >= 0)) {
    Napi::RangeError::New(env, "size must be a byte count >= 0").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Lock lock(g.header);
  int32_t i = Allocate(g.header, static_cast<uint64_t>(size), name);
  if (i != kNone) g.header->blocks[i].state = kCreating;
  return Napi::Number::New(env, i);
}

// storeWrite(name, index, offset, bytes): copies bytes into a block being created, at `offset`.
Napi::Value StoreWrite(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  if (info.Length() < 4 || !info[0].IsString() || !info[1].IsNumber() || !info[2].IsNumber() || !info[3].IsTypedArray()) {
    Napi::TypeError::New(env, "storeWrite(name: string, index: number, offset: number, bytes: TypedArray)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string name = info[0].As<Napi::String>();
  int32_t index = info[1].As<Napi::Number>().Int32Value();
  double at = info[2].As<Napi::Number>().DoubleValue();
  Napi::TypedArray view = info[3].As<Napi::TypedArray>();
  const uint8_t* src = static_cast<const uint8_t*>(view.ArrayBuffer().Data()) + view.ByteOffset();
  size_t size = view.ByteLength();
  uint64_t offset, bytes;
  {
    Lock lock(g.header);
    if (CreatingBlock(g.header, index, name) == kNone) return Throw(env, "no object store block '" + name + "' is being created at that index", 0);
    offset = g.header->blocks[index].offset;
    bytes = g.header->blocks[index].bytes;
  }
  if (!(at >= 0) || static_cast<uint64_t>(at) + size > bytes) {
    return Throw(env, "a write past the end of object store block '" + name + "'", 0);
  }
  // Outside the lock, as in storePut: the block is the writer's until it is sealed.
  std::memcpy(g.arena + offset + static_cast<uint64_t>(at), src, size);
  return env.Undefined();
}

// storeSeal(name, index): publishes a block being created; readers find it from now on.
// False if there is no such block (it was aborted).
Napi::Value StoreSeal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  std::string name = info[0].As<Napi::String>();
  int32_t index = info[1].As<Napi::Number>().Int32Value();
  Lock lock(g.header);
  if (CreatingBlock(g.header, index, name) == kNone) return Napi::Boolean::New(env, false);
  g.header->blocks[index].state = kUsed;
  return Napi::Boolean::New(env, true);
}

// storeAbort(name, index): frees a block being created (its transfer failed). False if absent.
Napi::Value StoreAbort(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  std::string name = info[0].As<Napi::String>();
  int32_t index = info[1].As<Napi::Number>().Int32Value();
  Lock lock(g.header);
  if (CreatingBlock(g.header, index, name) == kNone) return Napi::Boolean::New(env, false);
  g.header->objects--;
  Release(g.header, index);
  return Napi::Boolean::New(env, true);
}

// checksum(view): the spill checksum of any bytes (spilled segments outside the arena use it).
Napi::Value ChecksumOf(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray()) {
    Napi::TypeError::New(env, "checksum(bytes: TypedArray)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::TypedArray view = info[0].As<Napi::TypedArray>();
  const uint8_t* p = static_cast<const uint8_t*>(view.ArrayBuffer().Data()) + view.ByteOffset();
  return Napi::String::New(env, Hex(Checksum(p, view.ByteLength(), 0)));
}

// storeStats(): { capacity, used, objects } of the arena.
Napi::Value StoreStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireAttached(env)) return env.Undefined();
  Lock lock(g.header);
  Napi::Object o = Napi::Object::New(env);
  o.Set("capacity", static_cast<double>(g.header->capacity));
  o.Set("used", static_cast<double>(g.header->used));
  o.Set("objects", g.header->objects);
  return o;
}

}  // namespace

void InitArena(Napi::Env env, Napi::Object exports) {
  exports.Set("storeCreate", Napi::Function::New(env, StoreCreate));
  exports.Set("storeAttach", Napi::Function::New(env, StoreAttach));
  exports.Set("storeDetach", Napi::Function::New(env, StoreDetach));
  exports.Set("storePut", Napi::Function::New(env, StorePut));
  exports.Set("storeGet", Napi::Function::New(env, StoreGet));
  exports.Set("storeDelete", Napi::Function::New(env, StoreDelete));
  exports.Set("storeInfo", Napi::Function::New(env, StoreInfo));
  exports.Set("storeSpill", Napi::Function::New(env, StoreSpill));
  exports.Set("storeRestore", Napi::Function::New(env, StoreRestore));
  exports.Set("storeStats", Napi::Function::New(env, StoreStats));
  exports.Set("storeCreateHidden", Napi::Function::New(env, StoreCreateHidden));
  exports.Set("storeWrite", Napi::Function::New(env, StoreWrite));
  exports.Set("storeSeal", Napi::Function::New(env, StoreSeal));
  exports.Set("storeAbort", Napi::Function::New(env, StoreAbort));
  exports.Set("checksum", Napi::Function::New(env, ChecksumOf));
}

}  // namespace tsray
