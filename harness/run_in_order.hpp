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
    std::mutex mutex;
    std::condition_variable changed;
    std::map<size_t, Result> done;
    size_t next_job = 0, next_delivery = 0;
    std::exception_ptr failure;
    auto worker = [&] {
        for (;;) {
            size_t i;
            {
                std::unique_lock<std::mutex> lock(mutex);
                changed.wait(lock, [&] { return failure || next_job >= count || next_job < next_delivery + window; });
                if (failure || next_job >= count) return;
                i = next_job++;
            }
            try {
                Result r = work(i);
                std::lock_guard<std::mutex> lock(mutex);
                done.emplace(i, std::move(r));
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure) failure = std::current_exception();
            }
            changed.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    try {
        while (next_delivery < count) {
            std::optional<Result> r;
            {
                std::unique_lock<std::mutex> lock(mutex);
                changed.wait(lock, [&] { return failure || done.count(next_delivery); });
                if (failure) break;
                auto it = done.find(next_delivery);
                r.emplace(std::move(it->second));
                done.erase(it);
                ++next_delivery;
            }
            changed.notify_all();
            deliver(std::move(*r));
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
    }
    changed.notify_all();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}


}  // namespace cusim
