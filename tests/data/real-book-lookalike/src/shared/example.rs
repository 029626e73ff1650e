// ANCHOR: main
fn main() {
    let x = 1 << 2;
    println!("{x}");
}
// ANCHOR_END: main
