//! An in-process HTTP server on 127.0.0.1 (tiny_http) for `run`'s tests:
//! answers from a routing closure, records every request it gets, and
//! stops when dropped. Nothing leaves loopback.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A request the server got.
#[derive(Debug, Clone)]
pub struct Got {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Got {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "application/json".into())],
            body: body.to_string().into_bytes(),
            delay: None,
        }
    }

    pub fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "text/html".into())],
            body: body.as_bytes().to_vec(),
            delay: None,
        }
    }
}

pub type Route = dyn Fn(&Got) -> Reply + Send + Sync;

pub struct Server {
    pub base: String,
    pub got: Arc<Mutex<Vec<Got>>>,
    server: Arc<tiny_http::Server>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// A server answering with `route`, on 4 threads (so a slow answer
    /// does not hold up the others).
    pub fn start(route: impl Fn(&Got) -> Reply + Send + Sync + 'static) -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let route: Arc<Route> = Arc::new(route);
        let threads = (0..4)
            .map(|_| {
                let server = Arc::clone(&server);
                let got = Arc::clone(&got);
                let route = Arc::clone(&route);
                std::thread::spawn(move || {
                    while let Ok(mut request) = server.recv() {
                        let mut body = String::new();
                        let _ = request.as_reader().read_to_string(&mut body);
                        let g = Got {
                            method: request.method().to_string().to_uppercase(),
                            url: request.url().to_string(),
                            headers: request
                                .headers()
                                .iter()
                                .map(|h| (h.field.to_string(), h.value.to_string()))
                                .collect(),
                            body,
                        };
                        got.lock().unwrap().push(g.clone());
                        let reply = route(&g);
                        if let Some(d) = reply.delay {
                            std::thread::sleep(d);
                        }
                        let mut response = tiny_http::Response::from_data(reply.body)
                            .with_status_code(reply.status);
                        for (n, v) in reply.headers {
                            response.add_header(
                                tiny_http::Header::from_bytes(n.as_bytes(), v.as_bytes()).unwrap(),
                            );
                        }
                        let _ = request.respond(response);
                    }
                })
            })
            .collect();
        Server {
            base: format!("http://127.0.0.1:{port}"),
            got,
            server,
            threads,
        }
    }

    pub fn requests(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        for _ in &self.threads {
            self.server.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}
