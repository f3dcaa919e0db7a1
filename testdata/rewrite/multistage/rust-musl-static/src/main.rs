fn main() { println!("pong"); }
