def count_primes(limit):
    """Primes below limit, by trial division: pure-Python CPU work."""
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count
