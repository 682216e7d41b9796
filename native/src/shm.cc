// POSIX shared-memory segments mapped into ArrayBuffers, for tsray's object store.
//
// Each thread and process maps a segment for itself: an external ArrayBuffer cannot move
// between threads, and a mapping is the only way a process sees another's memory. The
// ArrayBuffer's finalizer unmaps, so a mapping lives exactly as long as some view of it.

#include <napi.h>

#include "arena.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct Mapping {
  void* addr;
  size_t length;
};

void Unmap(Napi::Env /*env*/, void* /*data*/, Mapping* m) {
  if (m->addr != MAP_FAILED && m->length > 0) munmap(m->addr, m->length);
  delete m;
}

Napi::Value Fail(Napi::Env env, const std::string& what, const std::string& name, int err) {
  Napi::Error e = Napi::Error::New(env, what + " '" + name + "': " + std::strerror(err));
  e.Set("code", Napi::String::New(env, err == ENOENT ? "ENOENT" : err == EEXIST ? "EEXIST" : err == ENOMEM || err == ENOSPC ? "ENOSPC" : "ESHM"));
  e.Set("errno", Napi::Number::New(env, err));
  e.ThrowAsJavaScriptException();
  return env.Undefined();
}

// Maps an open descriptor of `length` bytes into an external ArrayBuffer; closes the descriptor.
Napi::Value MapFd(Napi::Env env, int fd, size_t length, const std::string& name) {
  void* addr = length == 0 ? nullptr : mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  int err = errno;
  close(fd);
  if (addr == MAP_FAILED) return Fail(env, "cannot map shared memory segment", name, err);
  auto* m = new Mapping{addr == nullptr ? MAP_FAILED : addr, length};
  return Napi::ArrayBuffer::New(env, addr, length, Unmap, m);
}

// Reads the segment name, the first argument; throws a TypeError with the usage if it is missing.
bool NameArg(const Napi::CallbackInfo& info, const char* usage, std::string* name) {
  if (info.Length() < 1 || !info[0].IsString()) {
    Napi::TypeError::New(info.Env(), usage).ThrowAsJavaScriptException();
    return false;
  }
  *name = info[0].As<Napi::String>();
  return true;
}

// create(name, size): a new segment of `size` bytes (fails if the name exists), mapped.
Napi::Value Create(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsNumber()) {
    Napi::TypeError::New(env, "create(name: string, size: number)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string name = info[0].As<Napi::String>();
  double size = info[1].As<Napi::Number>().DoubleValue();
  if (!(size >= 0) || size > 9007199254740991.0) {
    Napi::RangeError::New(env, "size must be a byte count >= 0").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  if (fd < 0) return Fail(env, "cannot create shared memory segment", name, errno);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) {
    int err = errno;
    close(fd);
    shm_unlink(name.c_str());
    return Fail(env, "cannot size shared memory segment", name, err);
  }
  return MapFd(env, fd, static_cast<size_t>(size), name);
}

// open(name): an existing segment, mapped at its full size.
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name;
  if (!NameArg(info, "open(name: string)", &name)) return env.Undefined();
  int fd = shm_open(name.c_str(), O_RDWR, 0600);
  if (fd < 0) return Fail(env, "cannot open shared memory segment", name, errno);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return Fail(env, "cannot stat shared memory segment", name, err);
  }
  return MapFd(env, fd, static_cast<size_t>(st.st_size), name);
}

// unlink(name): removes the name; mappings stay valid until unmapped. Returns false if absent.
Napi::Value Unlink(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name;
  if (!NameArg(info, "unlink(name: string)", &name)) return env.Undefined();
  if (shm_unlink(name.c_str()) == 0) return Napi::Boolean::New(env, true);
  if (errno == ENOENT) return Napi::Boolean::New(env, false);
  return Fail(env, "cannot unlink shared memory segment", name, errno);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("create", Napi::Function::New(env, Create));
  exports.Set("open", Napi::Function::New(env, Open));
  exports.Set("unlink", Napi::Function::New(env, Unlink));
  tsray::InitArena(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(tsray_shm, Init)
