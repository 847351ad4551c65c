//! fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
//! rotating prefixes), count the prefix reversals ("pancake flips") until 0
//! comes first; report the maximum and an alternating-sign checksum.

/// (checksum, maximum number of flips)
fn fannkuch(n: usize) -> (i64, i64) {
    let mut perm1: Vec<usize> = (0..n).collect(); // the current permutation
    let mut perm = vec![0; n]; // a copy that gets flipped
    let mut count = vec![0; n];
    let mut checksum = 0i64;
    let mut max_flips = 0i64;
    let mut perm_index = 0u64;
    let mut r = n;
    loop {
        while r != 1 {
            count[r - 1] = r;
            r -= 1;
        }

        perm.copy_from_slice(&perm1);
        let mut flips = 0i64;
        let mut k = perm[0];
        while k != 0 {
            perm[..=k].reverse();
            flips += 1;
            k = perm[0];
        }
        max_flips = max_flips.max(flips);
        checksum += if perm_index % 2 == 0 { flips } else { -flips };

        // next permutation: rotate the first r+1 elements left by one, carrying like an odometer
        loop {
            if r == n {
                return (checksum, max_flips);
            }
            perm1[..=r].rotate_left(1);
            count[r] -= 1;
            if count[r] > 0 {
                break;
            }
            r += 1;
        }
        perm_index += 1;
    }
}

fn main() {
    let (n, iterations) = diez_mil_cpu::args("fannkuch");
    let (checksum, max_flips) = diez_mil_cpu::run(iterations, || fannkuch(n as usize));
    println!("{checksum}\nPfannkuchen({n}) = {max_flips}");
}
