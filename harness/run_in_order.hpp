#pragma once
// Work on several threads whose results are delivered in order on the calling thread: what
// `cusim run` and `cusim preflight` share, so that their output does not depend on the number
// of threads.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace cusim {

// 0 (not given): one thread per core.
inline unsigned job_count(unsigned asked) { return asked ? asked : std::max(1u, std::thread::hardware_concurrency()); }

// Runs `count` jobs on `threads` threads and hands their results to `deliver` in index
// order on the calling thread. Workers stay at most `window` results ahead of delivery, so
// memory does not grow with `count`. The first exception stops the work and is rethrown.
template <typename Result>
inline void run_in_order(size_t count, unsigned threads, size_t window, const std::function<Result(size_t)>& work,
                         const std::function<void(Result&&)>& deliver) {
    if (threads <= 1) {
        for (size_t i = 0; i < count; ++i) deliver(work(i));
        return;
    }
    // Threads are woken only when there is something for them: the caller when the result it
    // delivers next is in, a worker when it waits for room in the window. Waking every thread on
    // every result (one condition variable, notify_all) kept both cores about a third idle on this
    // VM's slow wake-ups (10,000 scenarios: workers busy 42% of the time, the caller 60%).
    std::mutex mutex;
    std::condition_variable result_in, room;
    std::map<size_t, Result> done;
    size_t next_job = 0, next_delivery = 0;
    unsigned waiting_for_room = 0;
    std::exception_ptr failure;
    auto worker = [&] {
        for (;;) {
            size_t i;
            {
                std::unique_lock<std::mutex> lock(mutex);
                while (!failure && next_job < count && next_job >= next_delivery + window) {
                    ++waiting_for_room;
                    room.wait(lock);
                    --waiting_for_room;
                }
                if (failure || next_job >= count) return;
                i = next_job++;
            }
            try {
                Result r = work(i);
                std::lock_guard<std::mutex> lock(mutex);
                done.emplace(i, std::move(r));
                if (i == next_delivery) result_in.notify_one();
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure) failure = std::current_exception();
                result_in.notify_one();
                room.notify_all();
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    try {
        std::vector<Result> ready;
        while (next_delivery < count) {
            {
                std::unique_lock<std::mutex> lock(mutex);
                result_in.wait(lock, [&] { return failure || done.count(next_delivery); });
                if (failure) break;
                // Every result that is in, in order: one wait for a run of them.
                for (auto it = done.find(next_delivery); it != done.end() && it->first == next_delivery; it = done.erase(it)) {
                    ready.push_back(std::move(it->second));
                    ++next_delivery;
                }
                if (waiting_for_room) room.notify_all();
            }
            for (auto& r : ready) deliver(std::move(r));
            ready.clear();
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        room.notify_all();
    }
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}


}  // namespace cusim
