// The hiredis event adapter (see redis_asio_adapter.hpp). Waits on the socket hold the Core
// alive, so a wait that completes after close() (a released descriptor's waits finish with
// operation_aborted) finds a Core with no context and does nothing.
#include "datasources/redis/redis_asio_adapter.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/posix/stream_descriptor.hpp>

namespace stashql::redis {

namespace asio = boost::asio;

struct HiredisConnection::Core : std::enable_shared_from_this<Core> {
  enum class EventKind : std::uint8_t { connected, connect_failed, reply, lost };
  struct Event {
    EventKind kind;
    Reply reply;
    std::string reason;
  };

  Core(const asio::any_io_executor& loop, Listener& to) : descriptor(loop), listener(&to) {}

  redisAsyncContext* context = nullptr;  // null once hiredis freed it (cleanup hook)
  asio::posix::stream_descriptor descriptor;
  Listener* listener;  // null after close(): nothing more is reported
  bool want_read = false;
  bool want_write = false;
  bool read_armed = false;
  bool write_armed = false;
  std::vector<Event> events;  // recorded inside hiredis, delivered after it returns
  std::vector<const char*> argv;
  std::vector<std::size_t> argv_lengths;

  static Core* of(const redisAsyncContext* context) { return static_cast<Core*>(context->data); }
  static Core* of_hook(void* data) { return static_cast<Core*>(data); }

  void record(EventKind kind, Reply reply, std::string reason) {
    if (listener == nullptr) return;  // closing: pending commands get no reply by design
    events.push_back(Event{kind, std::move(reply), std::move(reason)});
  }

  void deliver() {
    for (std::size_t i = 0; i < events.size() && listener != nullptr; ++i) {
      Event event = std::move(events[i]);
      switch (event.kind) {
        case EventKind::connected:
          listener->on_connected();
          break;
        case EventKind::connect_failed:
          listener->on_connect_failed(std::move(event.reason));
          break;
        case EventKind::reply:
          listener->on_reply(std::move(event.reply));
          break;
        case EventKind::lost:
          listener->on_lost(std::move(event.reason));
          break;
      }
    }
    events.clear();
  }

  void arm_read() {
    if (read_armed || context == nullptr) return;
    read_armed = true;
    descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                          [self = shared_from_this()](const boost::system::error_code& ec) {
                            self->read_armed = false;
                            self->on_ready(ec, &redisAsyncHandleRead, self->want_read);
                            if (self->want_read) self->arm_read();
                            self->deliver();
                          });
  }

  void arm_write() {
    if (write_armed || context == nullptr) return;
    write_armed = true;
    descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                          [self = shared_from_this()](const boost::system::error_code& ec) {
                            self->write_armed = false;
                            self->on_ready(ec, &redisAsyncHandleWrite, self->want_write);
                            if (self->want_write) self->arm_write();
                            self->deliver();
                          });
  }

  void on_ready(const boost::system::error_code& ec, void (*handle)(redisAsyncContext*),
                bool wanted) {
    // Aborted: the descriptor was released because hiredis freed the context.
    if (context == nullptr || ec == asio::error::operation_aborted || !wanted) return;
    // Any other error is left to hiredis to find when it reads or writes.
    handle(context);
  }

  std::optional<std::string> attach(redisAsyncContext* created) {
    if (created == nullptr) return std::string("out of memory");
    if (created->err != 0) {
      std::string why = created->errstr != nullptr ? created->errstr : "cannot connect";
      redisAsyncFree(created);
      return why;
    }
    boost::system::error_code ec;
    descriptor.assign(created->c.fd, ec);
    if (ec) {
      redisAsyncFree(created);
      return ec.message();
    }
    context = created;
    created->data = this;
    created->ev.data = this;
    created->ev.addRead = [](void* data) {
      Core* core = of_hook(data);
      core->want_read = true;
      core->arm_read();
    };
    created->ev.delRead = [](void* data) { of_hook(data)->want_read = false; };
    created->ev.addWrite = [](void* data) {
      Core* core = of_hook(data);
      core->want_write = true;
      core->arm_write();
    };
    created->ev.delWrite = [](void* data) { of_hook(data)->want_write = false; };
    created->ev.cleanup = [](void* data) {
      // hiredis is freeing the context and will close the socket itself.
      Core* core = of_hook(data);
      core->context = nullptr;
      core->want_read = false;
      core->want_write = false;
      if (core->descriptor.is_open()) core->descriptor.release();
    };
    redisAsyncSetDisconnectCallback(created, [](const redisAsyncContext* c, int) {
      const char* why = c->errstr != nullptr && c->errstr[0] != '\0' ? c->errstr : nullptr;
      of(c)->record(EventKind::lost, Reply{},
                    why != nullptr ? std::string(why) : "the server closed the connection");
    });
    // Setting the connect callback arms the write wait that sees the connect complete.
    redisAsyncSetConnectCallback(created, [](const redisAsyncContext* c, int status) {
      if (status == REDIS_OK) {
        of(c)->record(EventKind::connected, Reply{}, {});
        return;
      }
      of(c)->record(EventKind::connect_failed, Reply{},
                    c->c.errstr[0] != '\0' ? std::string(c->c.errstr) : "cannot connect");
    });
    return std::nullopt;
  }
};

HiredisConnection::HiredisConnection(const asio::any_io_executor& loop, Listener& listener)
    : core_(std::make_shared<Core>(loop, listener)) {}

HiredisConnection::~HiredisConnection() {
  close();
}

std::optional<std::string> HiredisConnection::connect_tcp(const std::string& address,
                                                          std::uint16_t port) {
  if (!core_ || core_->context != nullptr) return std::string("already connecting");
  return core_->attach(redisAsyncConnect(address.c_str(), port));
}

std::optional<std::string> HiredisConnection::connect_unix(const std::string& path) {
  if (!core_ || core_->context != nullptr) return std::string("already connecting");
  return core_->attach(redisAsyncConnectUnix(path.c_str()));
}

bool HiredisConnection::send(const std::vector<std::string>& args) {
  if (!core_ || core_->context == nullptr || args.empty()) return false;
  Core& core = *core_;
  core.argv.clear();
  core.argv_lengths.clear();
  for (const std::string& arg : args) {
    core.argv.push_back(arg.data());
    core.argv_lengths.push_back(arg.size());
  }
  const auto on_reply = [](redisAsyncContext* c, void* reply, void*) {
    // hiredis passes no reply for commands dropped when the context is freed: those callers
    // are answered by whoever closed or lost the connection.
    if (reply == nullptr) return;
    Core::of(c)->record(Core::EventKind::reply, from_hiredis(static_cast<const redisReply*>(reply)),
                        {});
  };
  return redisAsyncCommandArgv(core.context, on_reply, nullptr, static_cast<int>(args.size()),
                               core.argv.data(), core.argv_lengths.data()) == REDIS_OK;
}

void HiredisConnection::close() {
  if (!core_) return;
  const std::shared_ptr<Core> core = std::move(core_);
  core->listener = nullptr;
  if (core->context != nullptr) redisAsyncFree(core->context);
}

bool HiredisConnection::is_open() const {
  return core_ && core_->context != nullptr;
}

}  // namespace stashql::redis
