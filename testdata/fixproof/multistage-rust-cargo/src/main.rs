fn main() {
    println!("hello from a two-stage Rust build");
}
