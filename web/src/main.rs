fn main() {
    pgbr_web::start();
}
